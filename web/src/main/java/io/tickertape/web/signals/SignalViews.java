package io.tickertape.web.signals;

import io.tickertape.digest.rendering.SafeLinks;
import io.tickertape.digest.rendering.SafeText;
import io.tickertape.signals.fusion.Direction;
import io.tickertape.signals.fusion.Signal;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Stored signals to page models. Text goes through the digest's {@link SafeText} (one line, bounded) and links
 * through {@link SafeLinks} (only absolute http(s)), so a page shows exactly what an email would; jte escapes.
 */
public final class SignalViews {

    private final SignalFormat format;

    public SignalViews(ZoneId zone) {
        this.format = new SignalFormat(zone);
    }

    public SignalListPage list(SignalFilter filter, SignalReader.Page page) {
        List<SignalListPage.Row> rows = page.rows().stream().map(s -> new SignalListPage.Row(
                SignalFormat.href(s.signalId()), format.time(s.signalAt()), SafeText.line(s.ticker(), 16),
                s.direction(), "BUY".equals(s.direction()), SignalFormat.signed(s.score()),
                SignalFormat.percent(s.confidence()), SafeText.line(s.headline(), 220))).toList();
        String previous = filter.page() > 1 ? "/signals" + filter.queryFor(filter.page() - 1) : null;
        String next = page.more() ? "/signals" + filter.queryFor(filter.page() + 1) : null;
        return new SignalListPage(filter, rows, previous, next);
    }

    public SignalDetailPage detail(Signal s, List<Map<String, String>> outcomes) {
        String company = SafeText.line(s.company(), 60);
        return new SignalDetailPage(SafeText.line(s.ticker(), 16), company.isEmpty() ? null : company,
                s.direction().name(), s.direction() == Direction.BUY, SafeText.line(s.headline(), 300),
                SafeLinks.http(s.link()).orElse(null), SafeText.line(s.source(), 60), format.time(s.publishedAt()),
                format.time(s.signalAt()), SignalFormat.signed(s.score()), SignalFormat.signed(s.sentimentScore()),
                SignalFormat.signed(s.technicalScore()), SignalFormat.percent(s.confidence()),
                SignalFormat.money(s.price(), s.currency()), format.time(s.priceAt()),
                SignalFormat.money(s.entry(), s.currency()), SignalFormat.money(s.stop(), s.currency()),
                SignalFormat.money(s.target(), s.currency()), SafeText.line(s.modelVersion(), 80),
                s.explanation().stream().map(l -> SafeText.line(l, 200)).filter(l -> !l.isEmpty()).limit(10).toList(),
                ChartLayout.of(s), outcomes);
    }
}
