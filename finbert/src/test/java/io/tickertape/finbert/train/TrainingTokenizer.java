package io.tickertape.finbert.train;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Training-time tokenization with the same Rust tokenizer (DJL HuggingFaceTokenizer) the runtime uses, so the
 * Python trainer never needs the {@code tokenizers} package.
 *
 * <pre>
 *   encode TOKENIZER_JSON DATA_JSONL OUT_JSONL MAX_LEN     # {"id":..,"ids":[..]} per input row, truncated;
 *                                                          # rows with a "target" are encoded as the text pair
 *                                                          # [CLS] text [SEP] target [SEP], truncating only the
 *                                                          # text, and also get "types" (segment ids)
 *   vocab  TOKENIZER_JSON CORPUS_TXT OUT_TXT               # every token id used by the corpus (no truncation)
 *   verify OLD_TOKENIZER NEW_TOKENIZER CORPUS_TXT OLD2NEW_JSON  # pruned tokenizer gives remapped ids
 * </pre>
 */
public final class TrainingTokenizer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 512;

    private TrainingTokenizer() {}

    public static void main(String[] args) throws IOException {
        switch (args.length > 0 ? args[0] : "") {
            case "encode" -> encode(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), Integer.parseInt(args[4]));
            case "vocab" -> vocab(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
            case "verify" -> verify(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), Path.of(args[4]));
            default -> {
                System.err.println("usage: TrainingTokenizer encode|vocab|verify ...");
                System.exit(2);
            }
        }
    }

    static HuggingFaceTokenizer tokenizer(Path json, int maxLen) throws IOException {
        return HuggingFaceTokenizer.newInstance(json, Map.of(
                "addSpecialTokens", "true",
                // only_first: a long text loses its tail, never the target it is scored toward
                "truncation", maxLen > 0 ? "only_first" : "false",
                "maxLength", Integer.toString(maxLen > 0 ? maxLen : 100_000),
                "padding", "false"));
    }

    static void encode(Path tokJson, Path data, Path out, int maxLen) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(data, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank()) rows.add(JSON.readTree(line));
            }
        }
        try (HuggingFaceTokenizer tok = tokenizer(tokJson, maxLen);
             BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (JsonNode row : rows) {
                JsonNode target = row.get("target");
                boolean pair = target != null && !target.isNull();
                Encoding enc = pair ? tok.encode(row.get("text").asText(), target.asText())
                        : tok.encode(row.get("text").asText());
                ObjectNode o = JSON.createObjectNode();
                o.put("id", row.get("id").asLong());
                var arr = o.putArray("ids");
                for (long id : enc.getIds()) arr.add(id);
                if (pair) {
                    var types = o.putArray("types");
                    for (long t : enc.getTypeIds()) types.add(t);
                }
                w.write(JSON.writeValueAsString(o));
                w.newLine();
            }
        }
        System.out.println("encoded " + rows.size() + " rows -> " + out);
    }

    static void vocab(Path tokJson, Path corpus, Path out) throws IOException {
        List<String> lines = Files.readAllLines(corpus, StandardCharsets.UTF_8);
        TreeSet<Long> used = new TreeSet<>();
        try (HuggingFaceTokenizer tok = tokenizer(tokJson, 0)) {
            for (int i = 0; i < lines.size(); i += BATCH) {
                for (Encoding e : tok.batchEncode(lines.subList(i, Math.min(lines.size(), i + BATCH)))) {
                    for (long id : e.getIds()) used.add(id);
                }
            }
        }
        List<String> outLines = used.stream().map(String::valueOf).toList();
        Files.write(out, outLines, StandardCharsets.UTF_8);
        System.out.println(lines.size() + " corpus texts use " + used.size() + " distinct token ids -> " + out);
    }

    static void verify(Path oldTok, Path newTok, Path corpus, Path old2newJson) throws IOException {
        JsonNode map = JSON.readTree(old2newJson.toFile());
        List<String> lines = Files.readAllLines(corpus, StandardCharsets.UTF_8);
        long checked = 0;
        try (HuggingFaceTokenizer a = tokenizer(oldTok, 0); HuggingFaceTokenizer b = tokenizer(newTok, 0)) {
            for (int i = 0; i < lines.size(); i += BATCH) {
                List<String> chunk = lines.subList(i, Math.min(lines.size(), i + BATCH));
                Encoding[] ea = a.batchEncode(chunk);
                Encoding[] eb = b.batchEncode(chunk);
                for (int j = 0; j < ea.length; j++) {
                    long[] ia = ea[j].getIds();
                    long[] expect = new long[ia.length];
                    for (int k = 0; k < ia.length; k++) {
                        JsonNode n = map.get(Long.toString(ia[k]));
                        expect[k] = n == null ? -1 : n.asLong();
                    }
                    if (!Arrays.equals(expect, eb[j].getIds())) {
                        System.err.println("MISMATCH on: " + chunk.get(j) + "\n old->new " + Arrays.toString(expect)
                                + "\n pruned   " + Arrays.toString(eb[j].getIds()));
                        System.exit(1);
                    }
                    checked++;
                }
            }
        }
        System.out.println("pruned tokenizer verified: identical (remapped) ids on " + checked + " corpus texts");
    }
}
