package io.tickertape.signals.tickers;

import io.tickertape.signals.tickers.Mentions.Agg;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns an article's {@link Mentions} into ranked {@link TickerMatch}es: keeps a mention that needed corroboration
 * only if something vouches for it, scores each company's relevance ({@link #relevance}) and orders them, most
 * relevant first, then by first mention, then by symbol. Stateless.
 */
final class RelevanceScorer {

    private RelevanceScorer() {
    }

    /** The companies mentioned, most relevant first. */
    static List<TickerMatch> rank(Mentions m, CompanyTables tables) {
        // Ambiguous mentions that need corroboration: keep them only if something else vouches for the company.
        for (Mentions.Pending p : m.pending) {
            Agg a = m.byCompany.get(p.company());
            if ((a != null && (a.sure || a.hinted)) || p.contextOk()) {
                m.add(p.company(), p.field(), p.relPos(), p.matched(), false);
            }
        }
        if (m.byCompany.isEmpty()) {
            return List.of();
        }
        int titleCompanies = 0;
        for (Agg a : m.byCompany.values()) {
            if (a.titleCount > 0) {
                titleCompanies++;
            }
        }
        List<TickerMatch> out = new ArrayList<>(m.byCompany.size());
        List<Agg> order = new ArrayList<>(m.byCompany.values());
        for (Agg a : order) {
            if (a.titleCount == 0 && a.summaryCount == 0 && !a.hinted && !a.strong) {
                continue;
            }
            a.relevance = relevance(a, titleCompanies);
            out.add(new TickerMatch(a.company.symbol, a.company.name, a.matched, a.relevance));
        }
        out.sort((x, y) -> {
            int c = Double.compare(y.relevance(), x.relevance());
            if (c != 0) {
                return c;
            }
            Agg ax = m.byCompany.get(tables.bySymbol.get(x.symbol()));
            Agg ay = m.byCompany.get(tables.bySymbol.get(y.symbol()));
            c = Double.compare(ax.firstPos(), ay.firstPos());
            return c != 0 ? c : x.symbol().compareTo(y.symbol());
        });
        return out;
    }

    /**
     * Relevance in [0, 1]:
     * title mention 0.65 + 0.15·(1 − position) + 0.05 per extra mention (max 2);
     * summary mention 0.30 + 0.10·(1 − position) + 0.05 per extra mention (max 3), worth half when the title
     * also mentions it; +0.10 for a cashtag or exchange pattern, +0.10 for a feed hint (a hint alone is 0.50);
     * ×0.85 when three or more companies share the title. Position is the first mention's offset / text length.
     */
    static double relevance(Agg a, int titleCompanies) {
        double title = a.titleCount == 0 ? 0
                : 0.65 + 0.15 * (1 - a.titlePos) + 0.05 * Math.min(a.titleCount - 1, 2);
        double summary = a.summaryCount == 0 ? 0
                : 0.30 + 0.10 * (1 - a.summaryPos) + 0.05 * Math.min(a.summaryCount - 1, 3);
        double r = title > 0 ? title + 0.5 * summary : summary;
        if (r == 0 && a.hinted) {
            r = 0.5;
        } else if (a.hinted) {
            r += 0.10;
        }
        if (a.strong) {
            r = r == 0 ? 0.6 : r + 0.10;
        }
        if (a.titleCount > 0 && titleCompanies >= 3) {
            r *= 0.85;
        }
        r = Math.max(0, Math.min(1, r));
        return Math.round(r * 100) / 100.0;
    }
}
