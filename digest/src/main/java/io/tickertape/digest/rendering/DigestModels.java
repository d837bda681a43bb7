package io.tickertape.digest.rendering;

import io.tickertape.signals.fusion.Direction;
import io.tickertape.signals.fusion.Signal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds the {@link DigestModel} from signals: all sanitising and formatting happens here, once. */
public final class DigestModels {

    static final int MAX_HEADLINE = 220;
    static final int MAX_SOURCE = 60;
    static final int MAX_COMPANY = 60;
    static final int MAX_REASONS = 3;
    static final int MAX_REASON = 140;
    /** Longer links are dropped (the headline stays): a few pathological URLs must not eat the size budget. */
    static final int MAX_LINK = 600;

    private static final DateTimeFormatter DATE_LONG = DateTimeFormatter.ofPattern("EEEE, MMMM d, uuuu", Locale.US);
    private static final DateTimeFormatter DATE_SHORT = DateTimeFormatter.ofPattern("EEE, MMM d", Locale.US);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEE, MMM d, h:mm a z", Locale.US);

    private final RenderSettings settings;

    public DigestModels(RenderSettings settings) {
        this.settings = settings;
    }

    public RenderSettings settings() {
        return settings;
    }

    /**
     * The daily digest.
     *
     * @param date          the digest's date in the digest zone
     * @param windowStart   signals created from here (exclusive of earlier digests)
     * @param asOf          the end of the window: ages and staleness are measured from here, so a resumed run
     *                      renders exactly what the first attempt rendered
     * @param total         signals in the window before the cap
     * @param chartCids     signal id to chart Content-ID, for the signals that have a chart
     */
    public DigestModel digest(LocalDate date, Instant windowStart, Instant asOf, List<Signal> signals, int total,
                              Map<String, String> chartCids) {
        List<SignalView> views = views(signals, asOf, chartCids);
        String brand = settings.brand();
        String day = DATE_SHORT.format(date);
        String subject;
        String preheader;
        if (views.isEmpty()) {
            subject = brand + " · " + day + ": no new signals";
            preheader = "No new signals since " + TIME.format(windowStart.atZone(settings.zone())) + ".";
        } else {
            String tickers = views.stream().limit(3).map(SignalView::ticker).collect(Collectors.joining(", "));
            subject = brand + " · " + day + ": " + plural(total, "new signal") + " (" + tickers
                    + (views.size() > 3 ? ", …" : "") + ")";
            SignalView top = views.getFirst();
            preheader = "Strongest: " + top.ticker() + " " + top.direction() + " " + top.score() + ", confidence "
                    + top.confidence() + ". " + plural(total, "signal") + " since " + TIME.format(windowStart.atZone(settings.zone())) + ".";
        }
        return new DigestModel(DigestModel.Kind.DIGEST, brand, SafeText.line(subject, 200), "Daily signals",
                DATE_LONG.format(date), "New since " + TIME.format(windowStart.atZone(settings.zone())),
                preheader, total, views, null, footer(), null, null);
    }

    /** An immediate alert for one signal. */
    public DigestModel alert(Signal signal, Instant now, Map<String, String> chartCids) {
        List<SignalView> views = views(List.of(signal), now, chartCids);
        SignalView v = views.getFirst();
        String subject = settings.brand() + " alert: " + v.ticker() + " " + v.direction() + " " + v.score()
                + " (confidence " + v.confidence() + ")";
        return new DigestModel(DigestModel.Kind.ALERT, settings.brand(), SafeText.line(subject, 200), "High-confidence signal",
                DATE_LONG.format(now.atZone(settings.zone())), "Sent as soon as the signal was made, "
                + TIME.format(now.atZone(settings.zone())), v.headline(), 1, views, null, footer(), null, null);
    }

    /** The line a late digest carries: when it was due and when it went out, in the reader's zone. */
    public String lateNotice(Instant due, Instant sent) {
        return "Sent late: this digest was due at " + TIME.format(due.atZone(settings.zone())) + " and went out at "
                + TIME.format(sent.atZone(settings.zone())) + ". Prices and scores are as of each signal, not as of now.";
    }

    private String footer() {
        return "Score: the combined sentiment and technical score, from -1 (strong sell) to +1 (strong buy). "
                + "Prices are the last trade recorded when each signal was made, not live quotes. "
                + "Automated analysis of news; not investment advice.";
    }

    private List<SignalView> views(List<Signal> signals, Instant asOf, Map<String, String> chartCids) {
        List<SignalView> out = new ArrayList<>(signals.size());
        int rank = 0;
        for (Signal s : signals) {
            rank++;
            out.add(view(rank, s, asOf, chartCids.get(s.signalId())));
        }
        return out;
    }

    SignalView view(int rank, Signal s, Instant asOf, String chartCid) {
        String ticker = SafeText.line(s.ticker(), 16);
        String company = SafeText.line(s.company(), MAX_COMPANY);
        Duration priceAge = Duration.between(s.priceAt(), asOf);
        boolean stale = priceAge.compareTo(settings.maxPriceAge()) > 0;
        String currency = s.currency();
        List<String> reasons = s.explanation().stream()
                .map(r -> SafeText.line(r, MAX_REASON))
                .filter(r -> !r.isEmpty())
                .limit(MAX_REASONS)
                .toList();
        String headline = SafeText.line(s.headline(), MAX_HEADLINE);
        return new SignalView(rank, ticker, company.isEmpty() ? null : company, s.direction().name(),
                s.direction() == Direction.BUY, signed(s.score()), signed(s.sentimentScore()),
                signed(s.technicalScore()), percent(s.confidence()), headline.isEmpty() ? "(no headline)" : headline,
                SafeLinks.http(s.link()).filter(l -> l.length() <= MAX_LINK).orElse(null), nonEmpty(SafeText.line(s.source(), MAX_SOURCE), "source unknown"),
                ago(Duration.between(s.publishedAt(), asOf)), money(s.price(), currency),
                TIME.format(s.priceAt().atZone(settings.zone())), span(priceAge), stale,
                money(s.entry(), currency), money(s.stop(), currency), money(s.target(), currency),
                chartCid, ticker + " 3-month chart with entry, stop and target", reasons,
                settings.signalPageUrl(s.signalId()));
    }

    static String signed(double v) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        return String.format(Locale.US, "%+.2f", v);
    }

    static String percent(double v) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        return String.format(Locale.US, "%.0f%%", v * 100.0);
    }

    static String money(double v, String currency) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        String number = String.format(Locale.US, Math.abs(v) >= 1.0 ? "%,.2f" : "%,.4f", v);
        String code = currency == null ? "" : SafeText.line(currency, 3).toUpperCase(Locale.ROOT);
        return switch (code) {
            case "USD" -> "$" + number;
            case "EUR" -> "€" + number;
            case "GBP" -> "£" + number;
            case "JPY" -> "¥" + number;
            case "" -> number;
            default -> number + " " + code;
        };
    }

    /** "45 min ago", "3 h ago", "2 d ago"; an article stamped after the digest reads "just now". */
    static String ago(Duration d) {
        if (d.isNegative() || d.toMinutes() < 1) {
            return "just now";
        }
        return span(d) + " ago";
    }

    static String span(Duration d) {
        if (d.isNegative()) {
            return "0 min";
        }
        long minutes = d.toMinutes();
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = d.toHours();
        if (hours < 48) {
            return hours + " h";
        }
        return d.toDays() + " d";
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String nonEmpty(String s, String fallback) {
        return s.isEmpty() ? fallback : s;
    }
}
