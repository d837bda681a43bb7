package io.tickertape.web.bench;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tickertape.finbert.ModelConfig;
import io.tickertape.finbert.ModelLocator;
import io.tickertape.finbert.SentimentModel;
import io.tickertape.migrations.Database;
import io.tickertape.migrations.DatabaseSettings;
import io.tickertape.signals.fusion.Direction;
import io.tickertape.signals.fusion.Signal;
import io.tickertape.web.WebService;
import io.tickertape.web.WebSettings;
import io.tickertape.web.api.SentimentScoring;
import io.tickertape.web.http.Json;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Issue 16's targets: {@code POST /api/score} for one headline at 20 requests/s (p99 &lt; 50 ms on 2 cores) and
 * {@code GET /signals} with 10,000 signals in the table (p99 &lt; 100 ms).
 *
 * <p>The web service runs <b>in this JVM</b>, wired exactly as {@code bin/tickertape web --embedded-database
 * --trust-forwarded-for} wires it ({@code WebCommand}): an embedded PostgreSQL through {@link Database#open} with the
 * command's pool of 8, migrated; the shipped model with one single-threaded predictor and a 2 s wait
 * ({@code --model-threads 1 --score-predictors 1}); {@link WebSettings#defaults} including the 120/min, burst 20 rate
 * limit. Requests carry an {@code X-Forwarded-For} address out of 256 (as behind the ALB), so 20/s from the harness
 * are 256 clients well under their limit and the rate-limit filter still runs on every API request.
 *
 * <p>Load is open-loop: request {@code i} is due at {@code start + i / rate} and is sent then whether or not the
 * earlier ones have answered ({@link HttpClient#sendAsync}); latency is measured from the due time, so a stall
 * shows up in the latency of every request it delays (no coordinated omission). The client, the server and the
 * model share the JVM and the 2 cores; PostgreSQL is its own process.
 *
 * <p>Arguments (all optional): {@code --news CSV} (Reuters ticker,company,date,headline,... file: the signals' and
 * the scored headlines; without it, synthetic headlines), {@code --seconds 60} per measurement, {@code --warmup 20}
 * seconds per endpoint, {@code --rate 20} requests/s, {@code --signals 10000}, {@code --predictors 1},
 * {@code --model-threads 1}, {@code --seed 16}. Prints one {@code RESULT} line per measurement.
 */
public final class WebBenchmark {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int CLIENTS = 256;
    /** Every scoring request of the run takes the next client address, so each one stays far under 120/min. */
    private final AtomicInteger nextClient = new AtomicInteger();

    private final Map<String, String> options;
    private final Random random;
    private HttpClient client;
    private String base;
    private PrometheusMeterRegistry meters;

    private WebBenchmark(Map<String, String> options) {
        this.options = options;
        this.random = new Random(Long.parseLong(options.getOrDefault("seed", "16")));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("arguments are --name value pairs: " + Arrays.toString(args));
            }
            options.put(args[i].substring(2), args[++i]);
        }
        new WebBenchmark(options).run();
        System.exit(0); // Helidon's and DJL's non-daemon threads
    }

    private int intOption(String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)));
    }

    private void run() throws Exception {
        int seconds = intOption("seconds", 60);
        int warmup = intOption("warmup", 20);
        double rate = Double.parseDouble(options.getOrDefault("rate", "20"));
        int signalCount = intOption("signals", 10_000);
        int predictors = intOption("predictors", 1);
        int modelThreads = intOption("model-threads", 1);

        List<NewsRow> news = options.containsKey("news") ? readNews(Path.of(options.get("news"))) : synthetic();
        System.out.printf(Locale.ROOT, "machine: %d cores, load average %.2f, Java %s; %,d news rows%n",
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                System.getProperty("java.version"), news.size());

        // The same wiring as WebCommand.call() with --embedded-database.
        long t0 = System.nanoTime();
        meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        Path modelDir = options.containsKey("model") ? Path.of(options.get("model")) : ModelLocator.defaultModelDir(System.getenv());
        try (Database db = Database.open(DatabaseSettings.embedded());
             SentimentScoring scoring = new SentimentScoring(
                     SentimentModel.load(ModelConfig.defaults(modelDir).withThreads(modelThreads)), predictors,
                     Duration.ofSeconds(2))) {
            db.migrate();
            System.out.printf(Locale.ROOT, "database and model (%s) ready in %.1f s%n", scoring.version(),
                    (System.nanoTime() - t0) / 1e9);

            long t1 = System.nanoTime();
            List<String> tickers = insertSignals(db, news, signalCount);
            System.out.printf(Locale.ROOT, "inserted %,d signals (%d tickers, 90 days) in %.1f s; %s%n", signalCount,
                    tickers.size(), (System.nanoTime() - t1) / 1e9,
                    db.jdbi().withHandle(h -> h.createQuery("""
                            SELECT count(*) FILTER (WHERE NOT shadow) || ' sent, ' || count(*) FILTER (WHERE shadow)
                                   || ' shadow, ' || count(*) FILTER (WHERE direction = 'BUY') || ' BUY'
                              FROM signal_history""").mapTo(String.class).one()));

            WebSettings settings = WebSettings.defaults(0).withHost("127.0.0.1").withTrustForwardedFor(true);
            try (WebService web = WebService.start(settings, db.jdbi(), scoring, meters)) {
                base = "http://127.0.0.1:" + web.port();
                client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                measure(news, tickers, seconds, warmup, rate, signalCount);
            }
        }
    }

    private void measure(List<NewsRow> news, List<String> tickers, int seconds, int warmup, double rate,
                         int signalCount) throws Exception {
        Duration length = Duration.ofSeconds(seconds);
        int n = (int) Math.ceil(seconds * rate);
        int warm = (int) Math.ceil(warmup * rate);

        // Distinct headlines: warm-up, then the measured ones, none repeated (each request is new to the server).
        List<NewsRow> distinct = new ArrayList<>(distinctHeadlines(news));
        Collections.shuffle(distinct, random);
        if (distinct.size() < warm + n + 32) {
            throw new IllegalStateException("need " + (warm + n + 32) + " distinct headlines, have " + distinct.size());
        }
        List<NewsRow> warmSet = distinct.subList(0, warm);
        List<NewsRow> coldSet = distinct.subList(warm, warm + n);
        List<NewsRow> hotSet = distinct.subList(warm + n, warm + n + 32);

        // Signals pages: the first page; a ticker filter over the tickers with the most signals (a page of 50 or
        // fewer, each a different ticker in turn); a deep page in the last quarter of the list.
        int pages = Math.max(1, (int) Math.ceil(signalCount * 0.98 / 50));
        List<String> filterTickers = tickers.subList(0, Math.min(40, tickers.size()));
        IntFunction<HttpRequest> first = i -> get("/signals");
        IntFunction<HttpRequest> byTicker = i -> get("/signals?ticker="
                + URLEncoder.encode(filterTickers.get(i % filterTickers.size()), StandardCharsets.UTF_8));
        IntFunction<HttpRequest> deep = i -> get("/signals?page=" + (pages - (i * 7919 % Math.max(1, pages / 4))));

        System.out.printf(Locale.ROOT, "warm-up: %d s of /api/score, %d s of /signals at %.0f/s%n", warmup, warmup, rate);
        report(drive("warmup-score", rate, Duration.ofSeconds(warmup), i -> score(warmSet.get(i % warmSet.size()))));
        report(drive("warmup-signals", rate, Duration.ofSeconds(warmup), i -> switch (i % 3) {
            case 0 -> first.apply(i);
            case 1 -> byTicker.apply(i);
            default -> deep.apply(i);
        }));
        for (NewsRow r : hotSet) { // the repeated set has been scored once before it is measured
            client.send(score(r), HttpResponse.BodyHandlers.discarding());
        }

        List<Result> results = new ArrayList<>();
        results.add(drive("score-distinct", rate, length, i -> score(coldSet.get(i))));
        results.add(drive("score-repeated32", rate, length, i -> score(hotSet.get(i % hotSet.size()))));
        results.add(drive("signals-first", rate, length, first));
        results.add(drive("signals-ticker", rate, length, byTicker));
        results.add(drive("signals-deep", rate, length, deep));
        // Both at once: what the 2 cores see when pages and the API are busy together.
        Result[] both = new Result[2];
        Thread pagesThread = Thread.ofPlatform().start(() -> both[1] = drive("mixed-signals", rate, length, i -> switch (i % 3) {
            case 0 -> first.apply(i);
            case 1 -> byTicker.apply(i);
            default -> deep.apply(i);
        }));
        both[0] = drive("mixed-score", rate, length, i -> score(distinct.get((i * 31) % distinct.size())));
        pagesThread.join();
        results.addAll(List.of(both));

        System.out.println();
        for (Result r : results) {
            report(r);
        }
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET().build();
    }

    private HttpRequest score(NewsRow row) {
        int c = nextClient.getAndIncrement() % CLIENTS;
        String body = Json.write(Map.of("text", row.headline(), "target", row.company()));
        return HttpRequest.newBuilder(URI.create(base + "/api/score")).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", "10.16." + c / 16 + "." + (c % 16 + 1))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    record Result(String name, double rate, int sent, long[] latencyNanos, int errors, Map<Integer, Integer> statuses,
                  long maxSendLagNanos, double cpuCores, double modelMeanMs, long modelCalls) {
    }

    /** Sends {@code rate * length} requests open-loop and waits for all of them. */
    private Result drive(String name, double rate, Duration length, IntFunction<HttpRequest> requests) {
        int n = (int) Math.ceil(length.toMillis() / 1000.0 * rate);
        long period = (long) (1e9 / rate);
        long[] latency = new long[n];
        AtomicInteger errors = new AtomicInteger();
        Map<Integer, Integer> statuses = Collections.synchronizedMap(new java.util.TreeMap<>());
        CountDownLatch done = new CountDownLatch(n);
        AtomicLong maxLag = new AtomicLong();
        Timer model = meters.find("tickertape_web_score").timer();
        long modelCount0 = model == null ? 0 : model.count();
        double modelTotal0 = model == null ? 0 : model.totalTime(TimeUnit.MILLISECONDS);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long start = System.nanoTime() + 20_000_000L;
        for (int i = 0; i < n; i++) {
            long due = start + i * period;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            maxLag.accumulateAndGet(System.nanoTime() - due, Math::max);
            int k = i;
            HttpRequest request = requests.apply(i);
            client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((res, err) -> {
                latency[k] = System.nanoTime() - due;
                int status = err != null ? -1 : res.statusCode();
                statuses.merge(status, 1, Integer::sum);
                if (status != 200) {
                    errors.incrementAndGet();
                }
                done.countDown();
            });
        }
        try {
            if (!done.await(TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + ": requests still outstanding after the timeout");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double cores = (os.getProcessCpuTime() - cpu0) / 1e9 / wall;
        long calls = model == null ? 0 : model.count() - modelCount0;
        double modelMean = calls == 0 ? 0 : (model.totalTime(TimeUnit.MILLISECONDS) - modelTotal0) / calls;
        return new Result(name, rate, n, latency, errors.get(), new LinkedHashMap<>(statuses), maxLag.get(), cores,
                modelMean, calls);
    }

    private static void report(Result r) {
        long[] sorted = r.latencyNanos().clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT,
                "RESULT %-17s rate=%.0f/s n=%d errors=%d p50=%.1f p90=%.1f p99=%.1f max=%.1f ms"
                        + " | statuses=%s send-lag-max=%.1f ms jvm-cpu=%.2f cores%s%n",
                r.name(), r.rate(), r.sent(), r.errors(), ms(pct(sorted, 0.50)), ms(pct(sorted, 0.90)),
                ms(pct(sorted, 0.99)), ms(sorted[sorted.length - 1]), r.statuses(), ms(r.maxSendLagNanos()),
                r.cpuCores(), r.modelCalls() == 0 || !r.name().contains("score") ? "" : String.format(Locale.ROOT, " model-mean=%.1f ms (%d calls)",
                        r.modelMeanMs(), r.modelCalls()));
    }

    private static long pct(long[] sorted, double q) {
        return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    // ---- data --------------------------------------------------------------------------------------------------

    record NewsRow(String ticker, String company, String headline) {
    }

    private static List<NewsRow> distinctHeadlines(List<NewsRow> news) {
        Map<String, NewsRow> byHeadline = new LinkedHashMap<>();
        for (NewsRow r : news) {
            byHeadline.putIfAbsent(r.headline().toLowerCase(Locale.ROOT), r);
        }
        return new ArrayList<>(byHeadline.values());
    }

    /** Rows of a Reuters CSV (ticker,company,date,headline,...), quoted fields allowed. */
    private static List<NewsRow> readNews(Path csv) throws IOException {
        List<NewsRow> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            List<String> header = fields(in.readLine());
            int ticker = header.indexOf("ticker");
            int company = header.indexOf("company");
            int headline = header.indexOf("headline");
            if (ticker < 0 || company < 0 || headline < 0) {
                throw new IllegalArgumentException(csv + ": needs ticker, company and headline columns");
            }
            String line;
            while ((line = in.readLine()) != null) {
                List<String> f = fields(line);
                if (f.size() > headline && !f.get(ticker).isBlank() && f.get(headline).length() >= 20) {
                    rows.add(new NewsRow(f.get(ticker).strip(), f.get(company).strip(), f.get(headline).strip()));
                }
            }
        }
        return rows;
    }

    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /** Without a news file: company × event headlines, enough distinct ones for every phase. */
    private List<NewsRow> synthetic() {
        String[][] companies = {{"AAPL", "Apple"}, {"MSFT", "Microsoft"}, {"NVDA", "Nvidia"}, {"AMZN", "Amazon"},
                {"TSLA", "Tesla"}, {"META", "Meta Platforms"}, {"GOOGL", "Alphabet"}, {"AMD", "AMD"}, {"JPM", "JPMorgan"},
                {"BA", "Boeing"}, {"XOM", "Exxon Mobil"}, {"PFE", "Pfizer"}, {"WMT", "Walmart"}, {"KO", "Coca-Cola"},
                {"INTC", "Intel"}, {"NFLX", "Netflix"}, {"DIS", "Disney"}, {"GE", "General Electric"}, {"F", "Ford"},
                {"GS", "Goldman Sachs"}};
        String[] events = {"beats quarterly estimates and raises full-year guidance",
                "cuts its outlook as demand slows", "shares slide after regulators open a probe",
                "announces a $%d billion share buyback", "to cut %d jobs in restructuring",
                "wins a %d million dollar government contract", "misses revenue forecasts for the %dth quarter",
                "names a new chief executive after %d years", "recalls %d thousand vehicles over a safety defect",
                "agrees to buy a rival for %d billion dollars", "shares rise %d percent on upbeat forecast",
                "faces a lawsuit seeking %d million in damages"};
        List<NewsRow> out = new ArrayList<>();
        for (int k = 1; k <= 40; k++) {
            for (String[] c : companies) {
                for (String e : events) {
                    out.add(new NewsRow(c[0], c[1], c[1] + " " + (e.contains("%d") ? e.formatted(k + 1) : e + " (" + k + ")")));
                }
            }
        }
        return out;
    }

    /**
     * {@code count} signals over the last 90 days, from the news rows (real tickers in their real proportions,
     * real headlines), BUY or SELL, 2 % of them a shadow arm's (in the table, not listed). Returns the tickers,
     * the most frequent first.
     */
    private List<String> insertSignals(Database db, List<NewsRow> news, int count) {
        Instant now = db.jdbi().withHandle(h -> h.createQuery("SELECT now()").mapTo(Instant.class).one());
        long span = Duration.ofDays(90).toSeconds();
        Map<String, Integer> perTicker = new LinkedHashMap<>();
        String[] strategies = {"fusion", "fusion", "fusion", "trend-confirmed", "technical-only"};
        db.jdbi().useTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("""
                    INSERT INTO signal_history (signal_id, ticker, company, direction, signal_at, created_at,
                        article_id, headline, link, source, published_at, score, sentiment_score, technical_score,
                        confidence, relevance, model_version, price, price_at, currency, entry_price, stop_price,
                        target_price, details, strategy, scorer, arm, shadow)
                    VALUES (:id, :ticker, :company, :direction, :signalAt, :createdAt, :articleId, :headline, :link,
                        :source, :publishedAt, :score, :sentiment, :technical, :confidence, :relevance, :model,
                        :price, :priceAt, :currency, :entry, :stop, :target, CAST(:details AS jsonb), :strategy,
                        :scorer, :arm, :shadow) ON CONFLICT (signal_id) DO NOTHING""");
            for (int i = 0; i < count; i++) {
                NewsRow row = news.get(random.nextInt(news.size()));
                Direction d = random.nextDouble() < 0.56 ? Direction.BUY : Direction.SELL;
                double sign = d == Direction.BUY ? 1 : -1;
                Instant at = now.minusSeconds((long) (random.nextDouble() * span));
                String articleId = "bench-" + i;
                double sentiment = sign * (0.55 + 0.4 * random.nextDouble());
                double technical = sign * (0.1 + 0.6 * random.nextDouble()) * (random.nextDouble() < 0.15 ? -1 : 1);
                double price = Math.round((10 + 490 * random.nextDouble()) * 100) / 100.0;
                boolean shadow = random.nextDouble() < 0.02;
                String explanation = Json.write(Map.of("explanation", List.of(
                        "RSI(14) at " + (20 + random.nextInt(60)),
                        random.nextBoolean() ? "Price above the 50-day moving average" : "Price below the 50-day moving average",
                        String.format(Locale.ROOT, "FinBERT: p=%.2f", Math.abs(sentiment)))));
                perTicker.merge(row.ticker(), 1, Integer::sum);
                batch.bind("id", Signal.idFor(articleId, row.ticker(), d)).bind("ticker", row.ticker())
                        .bind("company", row.company()).bind("direction", d.name()).bind("signalAt", at)
                        .bind("createdAt", at.plusSeconds(2 + random.nextInt(20))).bind("articleId", articleId)
                        .bind("headline", row.headline())
                        .bind("link", "https://www.reuters.com/article/" + row.ticker().toLowerCase(Locale.ROOT) + "-" + i)
                        .bind("source", "Reuters").bind("publishedAt", at.minusSeconds(30 + random.nextInt(570)))
                        .bind("score", 0.7 * sentiment + 0.3 * technical).bind("sentiment", sentiment)
                        .bind("technical", technical).bind("confidence", 0.5 + 0.5 * random.nextDouble())
                        .bind("relevance", 0.5 + 0.5 * random.nextDouble())
                        .bind("model", "tickertape-finbert-bge-small-l12-int8-entity-2.0.0")
                        .bind("price", price).bind("priceAt", at.minusSeconds(60 + random.nextInt(900)))
                        .bind("currency", "USD").bind("entry", price).bind("stop", price * (1 - sign * 0.05))
                        .bind("target", price * (1 + sign * 0.1)).bind("details", explanation)
                        .bind("strategy", strategies[random.nextInt(strategies.length)]).bind("scorer", "model")
                        .bind("arm", shadow ? "bench-exp/shadow" : null).bind("shadow", shadow)
                        .add();
            }
            batch.execute();
        });
        // What autovacuum's analyze does within a minute of such an insert; the planner then sees the real sizes.
        db.jdbi().useHandle(h -> h.execute("ANALYZE signal_history"));
        List<String> tickers = new ArrayList<>(perTicker.keySet());
        tickers.sort((a, b) -> Integer.compare(perTicker.get(b), perTicker.get(a)));
        return List.copyOf(new LinkedHashSet<>(tickers));
    }
}
