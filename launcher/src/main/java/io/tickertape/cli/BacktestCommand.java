package io.tickertape.cli;

import io.tickertape.finbert.ModelConfig;
import io.tickertape.finbert.ModelLocator;
import io.tickertape.finbert.Sentiment;
import io.tickertape.finbert.SentimentInput;
import io.tickertape.finbert.SentimentModel;
import io.tickertape.finbert.SentimentModelException;
import io.tickertape.finbert.SentimentPredictor;
import io.tickertape.signals.backtest.BacktestEngine;
import io.tickertape.signals.backtest.BacktestReport;
import io.tickertape.signals.backtest.LexiconScorer;
import io.tickertape.signals.backtest.NewsCsv;
import io.tickertape.signals.backtest.NewsItem;
import io.tickertape.signals.backtest.SentimentScorer;
import io.tickertape.signals.fusion.FusionSettings;
import io.tickertape.signals.fusion.SentimentScores;
import io.tickertape.signals.prices.FilePriceSource;
import io.tickertape.signals.tickers.TickerResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = {"Run dated historical headlines through ticker resolution, the sentiment model and 70/30 fusion",
                "with historical daily prices; report signal count, hit rate and mean return at 1 and 5 trading days,",
                "next to naive baselines (Markdown on stdout).",
                "--news: CSV with date and headline (or title) columns, optional summary (Reuters or Benzinga layout).",
                "--prices: directory searched for Date,Open,High,Low,Close[,Adj Close],Volume CSVs (SYMBOL.csv) and",
                "Yahoo chart JSON files.",
                "Exit codes: 0 ok, 2 on bad input (unreadable files, bad options, unusable model directory)."})
public final class BacktestCommand implements Callable<Integer> {

    @ParentCommand
    TickertapeCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--news", required = true, paramLabel = "FILE", description = "Dated headlines (CSV).")
    Path news;

    @Option(names = "--prices", required = true, paramLabel = "DIR", description = "Daily price files.")
    Path prices;

    @Option(names = "--scorer", defaultValue = "model", paramLabel = "model|lexicon",
            description = "Sentiment: model (default), lexicon (word list) or, for run only, technical (none). Rollback: no model is loaded.")
    String scorer;

    @Option(names = "--sentiment", defaultValue = "entity", paramLabel = "entity|article|both",
            description = "entity: each headline is scored toward each of its tickers (an article-level model falls back to article); article: one score per headline; both: article then entity on the same headlines and model, with a comparison (default: ${DEFAULT-VALUE}).")
    String sentimentLevel;

    @Option(names = "--model", paramLabel = "DIR", description = "Model directory (default: TICKERTAPE_MODEL_DIR, else finbert/model).")
    Path model;

    @Option(names = "--model-threads", paramLabel = "N", defaultValue = "2", description = "Model intra-op threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--since", paramLabel = "DATE", description = "Only headlines on or after this date (YYYY-MM-DD).")
    LocalDate from;

    @Option(names = "--until", paramLabel = "DATE", description = "Only headlines on or before this date (YYYY-MM-DD).")
    LocalDate to;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000000", description = "At most N headlines (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--threshold", paramLabel = "X", defaultValue = "0.30", description = "|score| needed for a signal (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--min-relevance", paramLabel = "X", defaultValue = "0.50", description = "Minimum ticker relevance (default: ${DEFAULT-VALUE}).")
    double minRelevance;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(news)) {
            throw new UsageException("--news " + news + " is not a file");
        }
        if (!Files.isDirectory(prices)) {
            throw new UsageException("--prices " + prices + " is not a directory");
        }
        if (limit < 1 || threads < 1) {
            throw new UsageException("--limit and --threads must be >= 1");
        }
        FusionSettings fusion;
        try {
            fusion = FusionSettings.defaults().withThreshold(threshold).withMinRelevance(minRelevance);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        NewsCsv.Read read;
        try {
            read = NewsCsv.read(news, Integer.MAX_VALUE);
        } catch (IOException e) {
            throw new UsageException("cannot read --news " + news + ": " + e.getMessage(), e);
        }
        List<NewsItem> items = new ArrayList<>();
        for (NewsItem item : read.items()) {
            if ((from == null || !item.date().isBefore(from)) && (to == null || !item.date().isAfter(to))
                    && items.size() < limit) {
                items.add(item);
            }
        }
        FilePriceSource priceSource = new FilePriceSource(List.of(prices), Clock.systemUTC(),
                FilePriceSource.QuoteTime.BAR_CLOSE, "USD", FilePriceSource.historicalAliases());
        BacktestEngine.Settings settings = new BacktestEngine.Settings(fusion, Duration.ofDays(7), 200, 64);
        PrintWriter out = spec.commandLine().getOut();
        BacktestReport report;
        long start = System.nanoTime();
        String scorerName;
        if (!List.of("entity", "article", "both").contains(sentimentLevel)) {
            throw new UsageException("--sentiment must be entity, article or both, not " + sentimentLevel);
        }
        BacktestReport articleLevel = null;
        String level = "article";
        switch (scorer) {
            case "lexicon" -> {
                scorerName = LexiconScorer.VERSION;
                report = new BacktestEngine(TickerResolver.loadDefault(), new LexiconScorer(), priceSource, settings).run(items);
            }
            case "model" -> {
                Path dir = model != null ? model : ModelLocator.defaultModelDir(parent.env());
                try (SentimentModel m = SentimentModel.load(ModelConfig.defaults(dir).withThreads(threads));
                     SentimentPredictor p = m.newPredictor()) {
                    scorerName = m.version();
                    SentimentScorer adapter = new SentimentScorer() {
                        @Override
                        public List<SentimentScores> scoreBatch(List<String> texts) {
                            return adapt(p.scoreBatch(texts), null);
                        }

                        @Override
                        public List<SentimentScores> scoreToward(List<String> texts, List<String> targets) {
                            List<SentimentInput> inputs = new ArrayList<>(texts.size());
                            for (int i = 0; i < texts.size(); i++) {
                                inputs.add(SentimentInput.toward(texts.get(i), targets.get(i)));
                            }
                            return adapt(p.scoreInputs(inputs), targets);
                        }
                    };
                    if (sentimentLevel.equals("both")) {
                        if (!p.targetAware()) {
                            throw new UsageException("--sentiment both needs an entity-aware model; " + m.version()
                                    + " scores whole texts only");
                        }
                        articleLevel = new BacktestEngine(TickerResolver.loadDefault(), adapter, priceSource, settings,
                                false).run(items);
                    }
                    level = !sentimentLevel.equals("article") && p.targetAware() ? "entity" : "article";
                    report = new BacktestEngine(TickerResolver.loadDefault(), adapter, priceSource, settings,
                            level.equals("entity")).run(items);
                } catch (SentimentModelException e) {
                    throw new UsageException(e.getMessage(), e);
                }
            }
            default -> throw new UsageException("--scorer must be model or lexicon, not " + scorer);
        }
        out.printf("backtest: %s headlines from %s (%s), prices from %s, scorer %s, %s-level sentiment, %.0f s%n%n",
                items.size(), news.getFileName(), items.isEmpty() ? "-" : items.getFirst().date() + " .. " + items.getLast().date(),
                prices, scorerName, articleLevel != null ? "article- and entity" : level, (System.nanoTime() - start) / 1e9);
        if (articleLevel != null) {
            out.print("## article-level (one score per headline, every ticker gets it)\n\n");
            out.print(articleLevel.toMarkdown());
            out.print("\n## entity-level (each headline scored toward each ticker's matched name)\n\n");
            out.print(report.toMarkdown());
            out.print("\n## comparison (fusion signals)\n\n");
            out.print(BacktestComparison.toMarkdown(articleLevel, report));
        } else {
            out.print(report.toMarkdown());
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static List<SentimentScores> adapt(List<Sentiment> sentiments, List<String> targets) {
        List<SentimentScores> scores = new ArrayList<>(sentiments.size());
        for (int i = 0; i < sentiments.size(); i++) {
            Sentiment s = sentiments.get(i);
            scores.add(new SentimentScores(s.positive(), s.negative(), s.neutral(), s.confidence(), s.modelVersion(),
                    targets == null ? null : targets.get(i), null));
        }
        return scores;
    }
}
