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

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of the shipped model on headline-length texts (no cache): each invocation scores the same
 * {@value #N} headlines in batches of {@code batchSize}, so the score is sentences per second.
 * One fork per parameter set: libtorch's thread count is fixed when the engine starts.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 4)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true", "-Xmx1g"})
public class ScoringBenchmark {
    static final int N = 32;
    static final List<String> HEADLINES = Headlines.LIST.subList(0, N);

    @Param({"1", "8", "32"})
    int batchSize;

    @Param({"1", "2"})
    int threads;

    SentimentModel model;
    SentimentPredictor predictor;

    @Setup(Level.Trial)
    public void setUp() {
        model = SentimentModel.load(ModelConfig.defaults(ModelLocator.defaultModelDir())
                .withThreads(threads).withBatchSize(batchSize));
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
        for (int i = 0; i < N; i += batchSize) {
            bh.consume(predictor.scoreBatch(HEADLINES.subList(i, Math.min(N, i + batchSize))));
        }
    }
}
