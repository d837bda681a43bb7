package io.tickertape.ingest.articles;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tickers the feed itself names: the feed's own ticker (per-ticker feeds), symbol tags on the item, and cashtags
 * ({@code $AAPL}, {@code $BRK.B}) in the title and summary. Cashtags must be upper case, so "$5bn" and "$billion"
 * are not read as tickers. Resolving company names to tickers is not done here (that is the topology's job).
 */
public final class TickerHints {

    private static final Pattern CASHTAG = Pattern.compile("(?<![\\w$])\\$([A-Z]{1,5}(?:\\.[A-Z]{1,2})?)(?![\\w])");
    private static final Pattern VALID = Pattern.compile("[A-Z][A-Z0-9]{0,9}(?:[.\\-][A-Z0-9]{1,4})?");
    static final int MAX_TICKERS = 50;

    private TickerHints() {
    }

    public static List<String> collect(Collection<String> feedTickers, Collection<String> itemTickers, String... texts) {
        Set<String> out = new LinkedHashSet<>();
        addAll(out, feedTickers);
        addAll(out, itemTickers);
        for (String text : texts) {
            if (text == null) {
                continue;
            }
            Matcher m = CASHTAG.matcher(text);
            while (m.find() && out.size() < MAX_TICKERS) {
                out.add(m.group(1));
            }
        }
        return List.copyOf(out);
    }

    private static void addAll(Set<String> out, Collection<String> tickers) {
        if (tickers == null) {
            return;
        }
        for (String t : tickers) {
            if (out.size() >= MAX_TICKERS) {
                return;
            }
            String normalized = normalize(t);
            if (normalized != null) {
                out.add(normalized);
            }
        }
    }

    /** Upper case, no '$'; null when it does not look like a ticker at all. */
    public static String normalize(String ticker) {
        if (ticker == null) {
            return null;
        }
        String t = ticker.strip().toUpperCase(Locale.ROOT);
        if (t.startsWith("$")) {
            t = t.substring(1);
        }
        return VALID.matcher(t).matches() ? t : null;
    }
}
