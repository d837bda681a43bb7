package io.tickertape.finbert;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Scores texts with a {@link SentimentModel}. NOT thread-safe: one per thread / stream task, closed by its owner.
 *
 * <p>Texts are whitespace-normalized, looked up in the optional {@link ScoreCache}, and the misses are tokenized
 * without truncation. A text longer than {@code maxTokens} is split into pieces of at most {@code maxTokens}
 * tokens ([CLS] + up to maxTokens-2 word pieces + [SEP], cut before a word-continuation piece where possible);
 * each piece is scored and the text's probabilities are the token-count-weighted mean of its pieces. At most
 * {@link #MAX_PIECES} pieces per text are scored (the rest of an extremely long text is ignored).
 * Pieces of all texts in a call are sorted by length and run in passes of at most {@code batchSize} pieces and
 * {@code batchTokens} padded tokens.
 *
 * <p>With a target-aware model ({@link ModelMetadata#targetAware()}) an input's target is the second segment of
 * every piece: {@code [CLS] piece [SEP] target [SEP]}, segment ids 0 then 1, exactly what the tokenizer's pair
 * template gives (the target is capped at {@link #MAX_TARGET_TOKENS} word pieces). An article-level model ignores
 * targets and scores the whole text; {@link #targetAware()} tells callers which they got.
 */
public final class SentimentPredictor implements AutoCloseable {
    public static final int MAX_PIECES = 32;
    public static final int MAX_TARGET_TOKENS = 16;

    private final SentimentModel model;
    private final Predictor<SentimentModel.Batch, float[][]> predictor;
    private final ScoreCache cache;
    private boolean closed;

    SentimentPredictor(SentimentModel model, Predictor<SentimentModel.Batch, float[][]> predictor, ScoreCache cache) {
        this.model = model;
        this.predictor = predictor;
        this.cache = cache;
    }

    /** True if targets are scored (the model was trained on text pairs); false: targets are ignored. */
    public boolean targetAware() {
        return model.metadata().targetAware();
    }

    /** Scores one text. */
    public Sentiment score(String text) {
        return scoreBatch(List.of(text)).getFirst();
    }

    /** Scores texts as a whole in one call; the result is in input order. */
    public List<Sentiment> scoreBatch(List<String> texts) {
        return scoreInputs(texts.stream().map(t -> SentimentInput.of(Objects.requireNonNull(t, "text"))).toList());
    }

    /** Scores (text, target) inputs in one call; the result is in input order. */
    public List<Sentiment> scoreInputs(List<SentimentInput> inputs) {
        if (closed) {
            throw new IllegalStateException("predictor is closed");
        }
        int n = inputs.size();
        Sentiment[] out = new Sentiment[n];
        String version = model.version();
        boolean pairs = targetAware();
        List<Piece> pieces = new ArrayList<>();
        List<Integer> missIdx = new ArrayList<>();
        String[] norm = new String[n];
        String[] target = new String[n];
        for (int i = 0; i < n; i++) {
            SentimentInput in = Objects.requireNonNull(inputs.get(i), "input");
            norm[i] = ScoreCache.normalize(in.text());
            target[i] = pairs ? in.target() : null;
            Sentiment hit = cache == null ? null : cache.get(version, norm[i], target[i]);
            if (hit != null) {
                out[i] = hit;
            } else {
                missIdx.add(i);
            }
        }
        if (missIdx.isEmpty()) {
            return Arrays.asList(out);
        }
        double[][] probSum = new double[n][];
        int[] weight = new int[n];
        for (int i : missIdx) {
            split(i, model.encode(norm[i]), target[i] == null ? null : targetSegment(target[i]), pieces);
        }
        pieces.sort((a, b) -> Integer.compare(a.ids.length, b.ids.length));
        int passes = 0;
        int[] li = model.labelIndex();
        for (int s = 0, e; s < pieces.size(); s = e) {
            e = chunkEnd(pieces, s, model.config().batchSize(), model.config().batchTokens());
            List<Piece> chunk = pieces.subList(s, e);
            float[][] logits = forward(chunk, pairs);
            passes++;
            for (int r = 0; r < chunk.size(); r++) {
                Piece p = chunk.get(r);
                double[] prob = softmax(logits[r]);
                if (probSum[p.text] == null) {
                    probSum[p.text] = new double[3];
                }
                int w = Math.max(1, p.textTokens);
                probSum[p.text][0] += w * prob[li[0]];
                probSum[p.text][1] += w * prob[li[1]];
                probSum[p.text][2] += w * prob[li[2]];
                weight[p.text] += w;
            }
        }
        for (int i : missIdx) {
            double w = Math.max(1, weight[i]);
            double[] ps = probSum[i];
            Sentiment sent = Sentiment.of(ps[0] / w, ps[1] / w, ps[2] / w, version);
            out[i] = sent;
            if (cache != null) {
                cache.put(version, norm[i], target[i], sent);
            }
        }
        model.countInference(missIdx.size(), passes);
        return Arrays.asList(out);
    }

    /** The second segment for a target: its word pieces (at most MAX_TARGET_TOKENS) and the closing [SEP]. */
    private long[] targetSegment(String target) {
        long[] ids = model.encode(target).getIds(); // [CLS] pieces [SEP]
        int pieces = Math.min(MAX_TARGET_TOKENS, ids.length - 2);
        long[] seg = new long[pieces + 1];
        System.arraycopy(ids, 1, seg, 0, pieces);
        seg[pieces] = model.sepId();
        return seg;
    }

    /**
     * End (exclusive) of the forward pass starting at {@code start} of the length-sorted pieces: at most
     * {@code maxPieces} pieces and at most {@code maxTokens} tokens once padded to the longest (always one piece).
     * Small passes of similar length are faster on a CPU than one big padded pass: less padding, and the
     * activations stay in cache (measured in docs/BENCHMARKS.md, ## finbert).
     */
    static int chunkEnd(List<Piece> sorted, int start, int maxPieces, int maxTokens) {
        int end = start + 1;
        while (end < sorted.size() && end - start < maxPieces
                && (long) (end - start + 1) * sorted.get(end).ids.length <= maxTokens) {
            end++;
        }
        return end;
    }

    private void split(int textIdx, Encoding enc, long[] targetSeg, List<Piece> pieces) {
        long[] ids = enc.getIds();
        int max = model.config().maxTokens();
        int maxLen = Math.min(max, model.metadata().maxLength() > 0 ? Math.max(8, model.metadata().maxLength()) : max);
        int tail = targetSeg == null ? 0 : targetSeg.length;
        maxLen = Math.max(8, maxLen - tail);
        if (ids.length <= maxLen) {
            pieces.add(Piece.of(textIdx, ids, targetSeg));
            return;
        }
        String[] tokens = enc.getTokens();
        int inner = maxLen - 2;
        int start = 1;
        int end = ids.length - 1; // exclusive, before [SEP]
        int count = 0;
        while (start < end && count < MAX_PIECES) {
            int stop = Math.min(end, start + inner);
            if (stop < end) {
                int back = stop;
                while (back > start + inner / 2 && tokens[back].startsWith("##")) {
                    back--;
                }
                if (back > start + inner / 2) {
                    stop = back;
                }
            }
            long[] p = new long[stop - start + 2];
            p[0] = model.clsId();
            System.arraycopy(ids, start, p, 1, stop - start);
            p[p.length - 1] = model.sepId();
            pieces.add(Piece.of(textIdx, p, targetSeg));
            start = stop;
            count++;
        }
    }

    private float[][] forward(List<Piece> chunk, boolean pairs) {
        int len = chunk.stream().mapToInt(p -> p.ids.length).max().orElse(2);
        long[][] ids = new long[chunk.size()][len];
        long[][] mask = new long[chunk.size()][len];
        long[][] types = pairs ? new long[chunk.size()][len] : null;
        for (int r = 0; r < chunk.size(); r++) {
            Piece p = chunk.get(r);
            System.arraycopy(p.ids, 0, ids[r], 0, p.ids.length);
            Arrays.fill(mask[r], 0, p.ids.length, 1L);
            if (pairs) {
                Arrays.fill(types[r], p.textTokens + 2, p.ids.length, 1L); // [CLS] text [SEP] are segment 0
            }
        }
        float[][] logits;
        try {
            logits = predictor.predict(new SentimentModel.Batch(ids, mask, types));
        } catch (TranslateException e) {
            throw new SentimentModelException("inference failed for model " + model.version() + ": " + e.getMessage(), e);
        }
        if (logits.length != chunk.size() || logits[0].length != model.labels().size()) {
            throw new SentimentModelException("model " + model.version() + " returned " + logits.length + "x"
                    + logits[0].length + " logits for " + chunk.size() + " inputs and " + model.labels().size()
                    + " labels");
        }
        return logits;
    }

    /** Exactly the ids and segment ids the model sees for one short input (tests compare them to the tokenizer). */
    long[][] encodedForTest(SentimentInput in) {
        List<Piece> ps = new ArrayList<>();
        String t = targetAware() ? in.target() : null;
        split(0, model.encode(ScoreCache.normalize(in.text())), t == null ? null : targetSegment(t), ps);
        Piece p = ps.getFirst();
        long[] types = new long[p.ids.length];
        if (t != null) {
            Arrays.fill(types, p.textTokens + 2, p.ids.length, 1L);
        }
        return new long[][] {p.ids, types};
    }

    static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    public String modelVersion() {
        return model.version();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            predictor.close();
        }
    }

    /** A scored unit: [CLS] text tokens [SEP] (+ target segment); textTokens weighs it in its text's mean. */
    private record Piece(int text, long[] ids, int textTokens) {
        static Piece of(int text, long[] textIds, long[] targetSeg) {
            if (targetSeg == null) {
                return new Piece(text, textIds, textIds.length - 2);
            }
            long[] ids = Arrays.copyOf(textIds, textIds.length + targetSeg.length);
            System.arraycopy(targetSeg, 0, ids, textIds.length, targetSeg.length);
            return new Piece(text, ids, textIds.length - 2);
        }
    }
}
