package io.tickertape.cli;

import io.tickertape.signals.backtest.BacktestReport;

import java.util.Locale;

/** The article-level and the entity-level backtest side by side: all fused signals, and those of multi-company articles. */
final class BacktestComparison {

    private BacktestComparison() {
    }

    static String toMarkdown(BacktestReport article, BacktestReport entity) {
        StringBuilder sb = new StringBuilder();
        sb.append("| sentiment | articles            | trades | hit 1d  | mean 1d  | hit 5d  | mean 5d  |\n");
        sb.append("|-----------|---------------------|-------:|--------:|---------:|--------:|---------:|\n");
        sb.append(row("article", "all", article.strategy())).append('\n');
        sb.append(row("entity", "all", entity.strategy())).append('\n');
        sb.append(row("article", "multi-company", article.multiCompany())).append('\n');
        sb.append(row("entity", "multi-company", entity.multiCompany())).append('\n');
        return sb.toString();
    }

    private static String row(String level, String articles, BacktestReport.Stats s) {
        return String.format(Locale.ROOT, "| %-9s | %-19s | %s |", level, articles, s.cells());
    }
}
