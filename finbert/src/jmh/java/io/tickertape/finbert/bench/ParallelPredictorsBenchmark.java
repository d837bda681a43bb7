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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The stream app's layout on 2 cores: one model, two JMH threads, each with its own single-threaded predictor
 * ({@code run --threads 0 --model-threads 1}), scoring the same {@value #N} headlines in calls of 32 (no cache).
 * The score is sentences per second summed over both threads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 4)
@Measurement(iterations = 4, time = 5)
@Threads(2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true", "-Xmx1g"})
public class ParallelPredictorsBenchmark {
    static final int N = 32;
    static final List<String> HEADLINES = Headlines.LIST.subList(0, N);

    @State(Scope.Benchmark)
    public static class Model {
        SentimentModel model;

        @Setup(Level.Trial)
        public void load() {
            model = SentimentModel.load(ModelConfig.defaults(ModelLocator.defaultModelDir()).withThreads(1));
        }

        @TearDown(Level.Trial)
        public void close() {
            model.close();
        }
    }

    @State(Scope.Thread)
    public static class Predictor {
        SentimentPredictor predictor;

        @Setup(Level.Trial)
        public void open(Model m) {
            predictor = m.model.newPredictor();
        }

        @TearDown(Level.Trial)
        public void close() {
            predictor.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void score(Predictor p, Blackhole bh) {
        bh.consume(p.predictor.scoreBatch(HEADLINES));
    }
}
