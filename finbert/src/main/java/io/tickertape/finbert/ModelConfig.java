package io.tickertape.finbert;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to load a sentiment model.
 *
 * @param modelDir    directory with the TorchScript file, tokenizer.json and model.json (or HF config.json)
 * @param threads     intra-op threads of libtorch ({@code ai.djl.pytorch.num_threads}); inter-op is set to 1
 * @param djlCacheDir where DJL extracts the native libtorch from the Maven jar; null = DJL default (~/.djl.ai)
 * @param maxTokens   max tokens per model input (incl. [CLS]/[SEP]); longer texts are split into pieces
 * @param batchSize   max pieces per forward pass
 * @param batchTokens max tokens per forward pass, counted after padding to the longest piece of the pass
 */
public record ModelConfig(Path modelDir, int threads, Path djlCacheDir, int maxTokens, int batchSize, int batchTokens) {

    public static final int DEFAULT_MAX_TOKENS = 64;
    public static final int DEFAULT_BATCH_SIZE = 32;
    /** Best of 128..2048 for headlines and for headline + summary on this project's CPU (docs/BENCHMARKS.md). */
    public static final int DEFAULT_BATCH_TOKENS = 256;

    public ModelConfig {
        Objects.requireNonNull(modelDir, "modelDir");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        if (maxTokens < 8) {
            throw new IllegalArgumentException("maxTokens must be >= 8: " + maxTokens);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
        }
        if (batchTokens < maxTokens) {
            throw new IllegalArgumentException("batchTokens must be >= maxTokens (" + maxTokens + "): " + batchTokens);
        }
    }

    /** Defaults: threads = min(2, cores), DJL's own cache dir, 64 tokens, passes of up to 32 pieces and 256 tokens. */
    public static ModelConfig defaults(Path modelDir) {
        int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        return new ModelConfig(modelDir, threads, null, DEFAULT_MAX_TOKENS, DEFAULT_BATCH_SIZE, DEFAULT_BATCH_TOKENS);
    }

    /** Defaults for the model directory found by {@link ModelLocator#defaultModelDir()}. */
    public static ModelConfig defaults() {
        return defaults(ModelLocator.defaultModelDir());
    }

    public ModelConfig withModelDir(Path dir) {
        return new ModelConfig(dir, threads, djlCacheDir, maxTokens, batchSize, batchTokens);
    }

    public ModelConfig withThreads(int n) {
        return new ModelConfig(modelDir, n, djlCacheDir, maxTokens, batchSize, batchTokens);
    }

    public ModelConfig withBatchSize(int n) {
        return new ModelConfig(modelDir, threads, djlCacheDir, maxTokens, n, batchTokens);
    }

    public ModelConfig withBatchTokens(int n) {
        return new ModelConfig(modelDir, threads, djlCacheDir, maxTokens, batchSize, n);
    }

    public ModelConfig withDjlCacheDir(Path dir) {
        return new ModelConfig(modelDir, threads, dir, maxTokens, batchSize, batchTokens);
    }
}
