package io.tickertape.cli;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickertape.finbert.ModelConfig;
import io.tickertape.finbert.ModelLocator;
import io.tickertape.finbert.registry.FallbackPolicy;
import io.tickertape.finbert.registry.ModelRegistry;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Which sentiment model the stream app scores with, and how. */
public final class ModelOptions {

    @Option(names = "--model", paramLabel = "DIR",
            description = "Model directory (TorchScript + tokenizer.json + model.json or config.json). Default: the shipped model.")
    Path model;

    @Option(names = "--shadow-model", paramLabel = "DIR",
            description = "A second model scored alongside the active one; agreement is exported as a metric.")
    Path shadowModel;

    @Option(names = "--model-fallback", paramLabel = "POLICY", defaultValue = "FAIL",
            description = "When the active model fails: FAIL (retry the task) or USE_PREVIOUS_VERSION (default: ${DEFAULT-VALUE}).")
    FallbackPolicy fallback;

    @Option(names = "--model-threads", paramLabel = "N", defaultValue = "1",
            description = "Intra-op threads per predictor (default: ${DEFAULT-VALUE}; one predictor per stream thread).")
    int threads;

    @Option(names = "--model-batch-tokens", paramLabel = "N", defaultValue = "256",
            description = "Max padded tokens per forward pass; small passes of similar length run faster on a CPU (default: ${DEFAULT-VALUE}).")
    int batchTokens;

    @Option(names = "--djl-cache-dir", paramLabel = "DIR",
            description = "Where DJL unpacks native libtorch (default: ~/.djl.ai; the image bakes it in).")
    Path djlCacheDir;

    public ModelRegistry load(MeterRegistry meters) {
        if (threads < 1 || threads > 64) {
            throw new UsageException("--model-threads must be in 1..64");
        }
        if (batchTokens < ModelConfig.DEFAULT_MAX_TOKENS || batchTokens > 65_536) {
            throw new UsageException("--model-batch-tokens must be in " + ModelConfig.DEFAULT_MAX_TOKENS + "..65536");
        }
        ModelConfig active = ModelConfig.defaults(model != null ? model : ModelLocator.defaultModelDir()).withThreads(threads)
                .withBatchTokens(batchTokens);
        if (djlCacheDir != null) {
            active = active.withDjlCacheDir(djlCacheDir);
        }
        ModelRegistry registry = new ModelRegistry(fallback, meters).register("active", active);
        registry.activate("active");
        if (shadowModel != null) {
            registry.register("shadow", active.withModelDir(shadowModel));
            registry.setShadow("shadow");
        }
        return registry;
    }
}
