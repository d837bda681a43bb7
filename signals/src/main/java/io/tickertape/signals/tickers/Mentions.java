package io.tickertape.signals.tickers;

import io.tickertape.signals.tickers.CompanyTables.Company;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one article mentions, per company, while {@link TickerResolver} resolves it: {@link NameScanner} fills it,
 * {@link RelevanceScorer} ranks it. One instance per article; not thread-safe.
 */
final class Mentions {

    /** A mention that counts only if something corroborates it (the text's context, or another sure mention). */
    record Pending(Company company, int field, double relPos, String matched, boolean contextOk) { }

    /** Everything known about one company's mentions in the article. */
    static final class Agg {
        final Company company;
        int titleCount;
        int summaryCount;
        double titlePos = 1;
        double summaryPos = 1;
        boolean strong;
        boolean sure;
        boolean hinted;
        String matched;
        double relevance;

        Agg(Company company) {
            this.company = company;
        }

        void matchedOr(String text) {
            if (matched == null) {
                matched = text;
            }
        }

        double firstPos() {
            return titleCount > 0 ? titlePos : summaryCount > 0 ? 1 + summaryPos : 3;
        }
    }

    final Map<Company, Agg> byCompany = new LinkedHashMap<>();
    final List<Pending> pending = new ArrayList<>(2);

    Agg agg(Company c) {
        return byCompany.computeIfAbsent(c, Agg::new);
    }

    void add(Company c, int field, double relPos, String matched, boolean sure) {
        Agg a = agg(c);
        if (field == 0) {
            if (a.titleCount++ == 0 || relPos < a.titlePos) {
                a.titlePos = Math.min(a.titlePos, relPos);
            }
            if (a.matched == null || a.titleCount == 1) {
                a.matched = a.titleCount == 1 ? matched : a.matched;
            }
        } else {
            if (a.summaryCount++ == 0) {
                a.summaryPos = relPos;
            }
            a.matchedOr(matched);
        }
        a.sure |= sure;
    }
}
