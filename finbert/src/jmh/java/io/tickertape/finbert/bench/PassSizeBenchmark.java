package io.tickertape.finbert.bench;

import io.tickertape.finbert.ModelConfig;
import io.tickertape.finbert.ModelLocator;
import io.tickertape.finbert.SentimentModel;
import io.tickertape.finbert.SentimentPredictor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How big one forward pass should be. Each invocation scores 32 texts in one call on one libtorch thread (the
 * stream app's setting: one single-threaded predictor per stream thread); the predictor splits them into passes
 * of at most {@code batchTokens} padded tokens. 2048 tokens = one pass of all 32 pieces (the behaviour before
 * the token budget). {@code long} texts are three headlines joined (~45 tokens, about the Reuters headline +
 * summary mean); {@code short} are single headlines (~15 tokens).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 4)
@Measurement(iterations = 4, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true", "-Xmx1g"})
public class PassSizeBenchmark {
    static final int N = 32;

    @Param({"short", "long"})
    String texts;

    @Param({"2048", "256", "128"})
    int batchTokens;

    List<String> input;
    SentimentModel model;
    SentimentPredictor predictor;

    @Setup(Level.Trial)
    public void setUp() {
        input = new ArrayList<>(N);
        List<String> all = Headlines.LIST;
        for (int i = 0; i < N; i++) {
            input.add(texts.equals("short") ? all.get(i % all.size())
                    : all.get((3 * i) % all.size()) + ". " + all.get((3 * i + 1) % all.size()) + ". " + all.get((3 * i + 2) % all.size()));
        }
        model = SentimentModel.load(ModelConfig.defaults(ModelLocator.defaultModelDir())
                .withThreads(1).withBatchSize(N).withBatchTokens(batchTokens));
        predictor = model.newPredictor();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        predictor.close();
        model.close();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void score(Blackhole bh) {
        bh.consume(predictor.scoreBatch(input));
    }
}
