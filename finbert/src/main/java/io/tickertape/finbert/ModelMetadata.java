package io.tickertape.finbert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a model directory says about itself. Two layouts are understood:
 * <ul>
 *   <li>tickertape: {@code model.json} with {@code labels} (in output order), {@code version}, {@code max_length},
 *       {@code model_file}, {@code inputs} and {@code input}: {@code "text"} (article-level; the default, so model
 *       directories from before 2.0.0 load unchanged) or {@code "text_pair"} (entity-aware: a target is passed as
 *       the second segment, {@code [CLS] text [SEP] target [SEP]} with segment ids 0 and 1);</li>
 *   <li>HuggingFace export (e.g. ProsusAI/finbert traced to TorchScript): {@code config.json} with {@code id2label};
 *       the TorchScript file is {@code model.pt} or the only {@code *.pt} in the directory.</li>
 * </ul>
 * If both exist, {@code model.json} wins. Label order is always read, never assumed.
 */
public record ModelMetadata(String version, List<String> labels, Path modelFile, Path tokenizerFile, int maxLength,
                            List<String> inputs, String input) {

    public static final String INPUT_TEXT = "text";
    public static final String INPUT_TEXT_PAIR = "text_pair";
    public static final List<String> DEFAULT_INPUTS = List.of("input_ids", "attention_mask", "token_type_ids");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> SYNONYMS = Map.of(
            "bullish", Sentiment.POSITIVE, "bearish", Sentiment.NEGATIVE, "pos", Sentiment.POSITIVE,
            "neg", Sentiment.NEGATIVE, "neu", Sentiment.NEUTRAL);

    public ModelMetadata {
        labels = List.copyOf(labels);
        inputs = List.copyOf(inputs);
        input = input == null ? INPUT_TEXT : input;
    }

    /** True if the model was trained on (text, target) pairs and scores sentiment toward a target. */
    public boolean targetAware() {
        return INPUT_TEXT_PAIR.equals(input);
    }

    public static ModelMetadata read(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            throw new SentimentModelException("model directory not found: " + dir
                    + " (set --model, TICKERTAPE_MODEL_DIR or -Dtickertape.model.dir)");
        }
        Path tokenizer = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizer)) {
            throw new SentimentModelException("model directory " + dir + " has no tokenizer.json");
        }
        Path modelJson = dir.resolve("model.json");
        Path configJson = dir.resolve("config.json");
        try {
            if (Files.isRegularFile(modelJson)) {
                JsonNode n = parse(modelJson);
                List<String> labels = new ArrayList<>();
                JsonNode arr = n.path("labels");
                if (!arr.isArray() || arr.isEmpty()) {
                    throw new SentimentModelException(modelJson + ": missing \"labels\" array");
                }
                arr.forEach(l -> labels.add(l.asText()));
                String version = text(n, "version", dir.getFileName().toString());
                Path file = dir.resolve(text(n, "model_file", "model.pt"));
                List<String> inputs = new ArrayList<>();
                n.path("inputs").forEach(i -> inputs.add(i.asText()));
                String input = text(n, "input", INPUT_TEXT);
                if (!input.equals(INPUT_TEXT) && !input.equals(INPUT_TEXT_PAIR)) {
                    throw new SentimentModelException(modelJson + ": \"input\" must be \"text\" or \"text_pair\", got \""
                            + input + "\"");
                }
                if (input.equals(INPUT_TEXT_PAIR) && !inputs.isEmpty() && !inputs.equals(DEFAULT_INPUTS)) {
                    throw new SentimentModelException(modelJson + ": a text_pair model needs token_type_ids among its inputs");
                }
                return create(version, labels, file, tokenizer, n.path("max_length").asInt(64),
                        inputs.isEmpty() ? DEFAULT_INPUTS : inputs, input);
            }
            if (Files.isRegularFile(configJson)) {
                JsonNode n = parse(configJson);
                JsonNode id2label = n.path("id2label");
                if (!id2label.isObject() || id2label.isEmpty()) {
                    throw new SentimentModelException(configJson + ": missing \"id2label\"");
                }
                TreeMap<Integer, String> byId = new TreeMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = id2label.fields(); it.hasNext(); ) {
                    var e = it.next();
                    try {
                        byId.put(Integer.parseInt(e.getKey().trim()), e.getValue().asText());
                    } catch (NumberFormatException ex) {
                        throw new SentimentModelException(configJson + ": id2label key is not an integer: " + e.getKey());
                    }
                }
                if (byId.firstKey() != 0 || byId.lastKey() != byId.size() - 1) {
                    throw new SentimentModelException(configJson + ": id2label ids must be 0.." + (byId.size() - 1));
                }
                String version = text(n, "_name_or_path", dir.getFileName().toString()).replace('/', '-');
                return create(version, new ArrayList<>(byId.values()), findPt(dir), tokenizer,
                        Math.min(n.path("max_position_embeddings").asInt(512), 64), DEFAULT_INPUTS, INPUT_TEXT);
            }
        } catch (IOException e) {
            throw new SentimentModelException("cannot read model metadata in " + dir + ": " + e.getMessage(), e);
        }
        throw new SentimentModelException("model directory " + dir + " has neither model.json nor config.json");
    }

    private static ModelMetadata create(String version, List<String> rawLabels, Path file, Path tokenizer, int maxLen,
                                        List<String> inputs, String input) {
        if (!Files.isRegularFile(file)) {
            throw new SentimentModelException("TorchScript model file not found: " + file);
        }
        List<String> labels = rawLabels.stream().map(ModelMetadata::canonicalLabel).toList();
        for (String required : List.of(Sentiment.POSITIVE, Sentiment.NEGATIVE, Sentiment.NEUTRAL)) {
            if (labels.stream().filter(required::equals).count() != 1) {
                throw new SentimentModelException("model labels " + rawLabels
                        + " must contain positive, negative and neutral exactly once");
            }
        }
        if (labels.size() != 3) {
            throw new SentimentModelException("expected 3 labels, got " + rawLabels);
        }
        if (!inputs.equals(DEFAULT_INPUTS) && !inputs.equals(DEFAULT_INPUTS.subList(0, 2))) {
            throw new SentimentModelException("unsupported model inputs " + inputs + ", expected " + DEFAULT_INPUTS
                    + " or its first two");
        }
        return new ModelMetadata(version, labels, file, tokenizer, maxLen, inputs, input);
    }

    static String canonicalLabel(String raw) {
        String l = raw.trim().toLowerCase(Locale.ROOT);
        return SYNONYMS.getOrDefault(l, l);
    }

    private static JsonNode parse(Path p) throws IOException {
        try {
            return JSON.readTree(p.toFile());
        } catch (IOException e) {
            throw new SentimentModelException("corrupt JSON in " + p + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field, String fallback) {
        JsonNode v = n.get(field);
        return v == null || v.asText().isBlank() ? fallback : v.asText();
    }

    private static Path findPt(Path dir) throws IOException {
        Path std = dir.resolve("model.pt");
        if (Files.isRegularFile(std)) {
            return std;
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> pts = s.filter(p -> p.getFileName().toString().endsWith(".pt")).toList();
            if (pts.size() == 1) {
                return pts.getFirst();
            }
            throw new SentimentModelException("model directory " + dir + " must contain model.pt (found " + pts + ")");
        }
    }
}
