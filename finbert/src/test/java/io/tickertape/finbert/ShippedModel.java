package io.tickertape.finbert;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the committed model directory (finbert/model) from the module's working directory. */
final class ShippedModel {
    private ShippedModel() {}

    static Path dir() {
        Path p = ModelLocator.resolve(null, null, null, Path.of("").toAbsolutePath());
        if (!Files.isRegularFile(p.resolve("model.pt"))) {
            throw new IllegalStateException("shipped model not found at " + p);
        }
        return p;
    }

    static ModelConfig config() {
        return ModelConfig.defaults(dir()).withThreads(2).withBatchSize(16);
    }

    /** Copies the model directory (model.pt is hard-linked when possible) without its metadata files. */
    static Path copyWithoutMetadata(Path target) throws Exception {
        Files.createDirectories(target);
        Path src = dir();
        try {
            Files.createLink(target.resolve("model.pt"), src.resolve("model.pt"));
        } catch (Exception e) {
            Files.copy(src.resolve("model.pt"), target.resolve("model.pt"));
        }
        Files.copy(src.resolve("tokenizer.json"), target.resolve("tokenizer.json"));
        return target;
    }

    /** A copy of the model directory whose model.json declares {@code "input": input} ("text" or "text_pair"). */
    static Path copyWithInput(Path target, String input) throws Exception {
        copyWithoutMetadata(target);
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var meta = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(dir().resolve("model.json").toFile());
        meta.put("input", input);
        meta.put("version", meta.path("version").asText() + "-as-" + input);
        json.writeValue(target.resolve("model.json").toFile(), meta);
        return target;
    }
}
