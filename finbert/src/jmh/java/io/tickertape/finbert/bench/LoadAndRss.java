package io.tickertape.finbert.bench;

import io.tickertape.finbert.ModelConfig;
import io.tickertape.finbert.ModelLocator;
import io.tickertape.finbert.SentimentModel;
import io.tickertape.finbert.SentimentPredictor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Cold start and memory: time to load the model including its warm-up inference, time of the first real batch,
 * sustained throughput over 4,096 headlines (batch 32, 2 threads), and the process's peak RSS (VmHWM).
 * Run in a fresh JVM: {@code -Djmh.args=...} is not used; see finbert/README.md for the command.
 */
public final class LoadAndRss {
    private LoadAndRss() {}

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        if (args.length > 1) {
            dumpIds(Path.of(args[1]));
        }
        long t0 = System.nanoTime();
        try (SentimentModel m = SentimentModel.load(ModelConfig.defaults(ModelLocator.defaultModelDir()).withThreads(threads));
             SentimentPredictor p = m.newPredictor()) {
            long loaded = System.nanoTime();
            p.scoreBatch(Headlines.LIST.subList(0, 8));
            long first = System.nanoTime();
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < 128; i++) {
                for (String h : Headlines.LIST) {
                    texts.add(h + " " + i); // distinct texts
                }
            }
            long s0 = System.nanoTime();
            for (int i = 0; i < texts.size(); i += 256) {
                p.scoreBatch(texts.subList(i, Math.min(texts.size(), i + 256)));
            }
            double secs = (System.nanoTime() - s0) / 1e9;
            System.out.printf("load+warm-up: %d ms; first batch of 8: %d ms; %d headlines in %.2f s = %.0f sentences/s "
                            + "(threads %d, batch 32); peak RSS %s%n",
                    (loaded - t0) / 1_000_000, (first - loaded) / 1_000_000, texts.size(), secs, texts.size() / secs,
                    threads, vmHwm());
        }
    }

    /** Writes the benchmark headlines as token ids ({"id":i,"ids":[..]} lines) for finbert/train/bench_python.py. */
    static void dumpIds(Path out) throws Exception {
        Path tok = ModelLocator.defaultModelDir().resolve("tokenizer.json");
        try (var t = ai.djl.huggingface.tokenizers.HuggingFaceTokenizer.newInstance(tok,
                java.util.Map.of("padding", "false", "truncation", "true", "maxLength", "64"))) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < Headlines.LIST.size(); i++) {
                lines.add("{\"id\":" + i + ",\"ids\":" + java.util.Arrays.toString(t.encode(Headlines.LIST.get(i)).getIds())
                        + "}");
            }
            Files.write(out, lines);
        }
    }

    static String vmHwm() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return line.substring(6).trim();
            }
        }
        return "n/a";
    }
}
