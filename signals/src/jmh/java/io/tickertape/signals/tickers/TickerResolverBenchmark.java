package io.tickertape.signals.tickers;

import io.tickertape.signals.backtest.NewsCsv;
import io.tickertape.signals.backtest.NewsItem;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headlines resolved per second on one thread (target ≥ 10,000/s). Uses the Reuters headlines when the shared data
 * is there (-Dtickertape.shared.data), else generated headlines. One operation = one headline (title only) or one
 * article (title + summary).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TickerResolverBenchmark {

    private TickerResolver resolver;
    private List<NewsItem> items;
    private int next;

    @Setup
    public void setUp() throws IOException {
        resolver = TickerResolver.loadDefault();
        String root = System.getProperty("tickertape.shared.data");
        Path news = root == null ? null : Path.of(root, "news", "reuters_company_news_2017-07_2018-06_all_tickers.csv");
        if (news != null && Files.isRegularFile(news)) {
            items = NewsCsv.read(news, 20_000).items();
        } else {
            items = new ArrayList<>();
            String[] names = {"Apple", "Tesla", "Target", "Ford", "Exxon Mobil", "JPMorgan", "Nvidia", "Boeing"};
            String[] verbs = {"beats estimates as demand holds up", "cuts outlook on weak sales", "shares jump after upgrade",
                    "faces probe over accounting", "names new chief financial officer"};
            for (int i = 0; i < 20_000; i++) {
                items.add(new NewsItem(Integer.toString(i), java.time.LocalDate.of(2024, 1, 1),
                        "UPDATE 1-" + names[i % names.length] + " " + verbs[i % verbs.length],
                        "The company said on Tuesday that results were in line, analysts said."));
            }
        }
    }

    @Benchmark
    public List<TickerMatch> headline() {
        NewsItem item = items.get(next);
        next = next + 1 == items.size() ? 0 : next + 1;
        return resolver.resolve(item.headline(), null, List.of());
    }

    @Benchmark
    public List<TickerMatch> headlineAndSummary() {
        NewsItem item = items.get(next);
        next = next + 1 == items.size() ? 0 : next + 1;
        return resolver.resolve(item.headline(), item.summary(), List.of());
    }
}
