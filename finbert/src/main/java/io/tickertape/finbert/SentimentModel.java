package io.tickertape.finbert;

import ai.djl.MalformedModelException;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loaded TorchScript sequence classifier + its tokenizer. Thread-safe; load it once per JVM (loading the same
 * directory with the same config again returns the same, reference-counted instance) and hand each thread its own
 * {@link SentimentPredictor}.
 */
public final class SentimentModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SentimentModel.class);
    private static final Map<ModelConfig, SentimentModel> OPEN = new ConcurrentHashMap<>();
    private static final Object LOCK = new Object();

    private final ModelConfig config;
    private final ModelMetadata meta;
    private final ZooModel<Batch, float[][]> zoo;
    private final HuggingFaceTokenizer tokenizer;
    private final int[] labelIndex; // positive, negative, neutral -> output column
    private final long clsId;
    private final long sepId;
    private final AtomicLong inferredTexts = new AtomicLong();
    private final AtomicLong forwardPasses = new AtomicLong();
    private int refs = 1;
    private boolean closed;

    private SentimentModel(ModelConfig config, ModelMetadata meta, ZooModel<Batch, float[][]> zoo,
                           HuggingFaceTokenizer tokenizer, long clsId, long sepId) {
        this.config = config;
        this.meta = meta;
        this.zoo = zoo;
        this.tokenizer = tokenizer;
        this.clsId = clsId;
        this.sepId = sepId;
        this.labelIndex = new int[] {meta.labels().indexOf(Sentiment.POSITIVE),
                meta.labels().indexOf(Sentiment.NEGATIVE), meta.labels().indexOf(Sentiment.NEUTRAL)};
    }

    /**
     * Loads (or returns the already loaded) model described by {@code config}.
     *
     * @throws SentimentModelException if the directory is missing, incomplete or corrupt; never falls back silently
     */
    public static SentimentModel load(ModelConfig config) {
        ModelConfig key = config.withModelDir(canonical(config.modelDir()));
        synchronized (LOCK) {
            SentimentModel existing = OPEN.get(key);
            if (existing != null) {
                existing.refs++;
                return existing;
            }
            SentimentModel m = doLoad(key);
            OPEN.put(key, m);
            return m;
        }
    }

    private static Path canonical(Path p) {
        try {
            return Files.exists(p) ? p.toRealPath() : p.toAbsolutePath().normalize();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    private static SentimentModel doLoad(ModelConfig config) {
        long t0 = System.nanoTime();
        ModelMetadata meta = ModelMetadata.read(config.modelDir());
        configureEngine(config);
        HuggingFaceTokenizer tok;
        try {
            tok = HuggingFaceTokenizer.newInstance(meta.tokenizerFile(), Map.of(
                    "addSpecialTokens", "true", "truncation", "false", "padding", "false",
                    "maxLength", "1000000"));
        } catch (IOException | RuntimeException e) {
            throw new SentimentModelException("cannot load tokenizer " + meta.tokenizerFile() + ": " + e.getMessage(), e);
        }
        long[] special = tok.encode("").getIds();
        if (special.length != 2) {
            tok.close();
            throw new SentimentModelException("tokenizer " + meta.tokenizerFile()
                    + " does not produce a [CLS] text [SEP] template (got " + special.length + " ids for empty text)");
        }
        String fileName = meta.modelFile().getFileName().toString();
        Criteria<Batch, float[][]> criteria = Criteria.builder()
                .setTypes(Batch.class, float[][].class)
                .optModelPath(meta.modelFile().getParent())
                .optModelName(fileName.endsWith(".pt") ? fileName.substring(0, fileName.length() - 3) : fileName)
                .optEngine("PyTorch")
                .optTranslator(new LogitsTranslator(meta.inputs().size()))
                .build();
        ZooModel<Batch, float[][]> zoo;
        try {
            zoo = criteria.loadModel();
        } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException e) {
            tok.close();
            throw new SentimentModelException("cannot load TorchScript model " + meta.modelFile() + ": "
                    + e.getMessage(), e);
        }
        SentimentModel m = new SentimentModel(config, meta, zoo, tok, special[0], special[1]);
        try (SentimentPredictor p = m.newPredictor()) {
            // warm-up + sanity: output width must equal the label count
            p.scoreBatch(List.of("warm-up"));
            if (meta.targetAware()) {
                p.scoreInputs(List.of(SentimentInput.toward("warm-up", "target")));
            }
        } catch (RuntimeException e) {
            m.forceClose();
            throw new SentimentModelException("model " + meta.modelFile() + " failed its warm-up inference: "
                    + e.getMessage(), e);
        }
        m.inferredTexts.set(0);
        m.forwardPasses.set(0);
        LOG.info("loaded sentiment model {} from {} (labels {}, {} threads) in {} ms", meta.version(),
                config.modelDir(), meta.labels(), config.threads(), (System.nanoTime() - t0) / 1_000_000);
        return m;
    }

    /** Sets DJL's offline mode, cache directories and libtorch thread counts before the engine starts. */
    private static void configureEngine(ModelConfig config) {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (config.djlCacheDir() != null) {
            String dir = config.djlCacheDir().toAbsolutePath().toString();
            System.setProperty("DJL_CACHE_DIR", dir);
            System.setProperty("ENGINE_CACHE_DIR", dir);
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(config.threads()));
        // libtorch's OpenMP threads spin while waiting by default; on a shared 2-core box (other JVM threads,
        // Kafka, builds) that collapses throughput ~8x. PASSIVE must be in the environment before libgomp loads.
        setNativeEnvIfAbsent("OMP_WAIT_POLICY", System.getProperty("tickertape.finbert.omp.wait.policy", "PASSIVE"));
        if (System.getProperty("ai.djl.pytorch.graph_optimizer") == null) {
            // variable batch shapes: the profiling executor's re-optimisation only adds latency spikes
            System.setProperty("ai.djl.pytorch.graph_optimizer", "false");
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }

    /** setenv(3) through the FFM API (no effect once the OpenMP runtime has started; never overrides the env). */
    static void setNativeEnvIfAbsent(String name, String value) {
        if (value == null || value.isBlank() || System.getenv(name) != null) {
            return;
        }
        try {
            Linker linker = Linker.nativeLinker();
            var symbol = linker.defaultLookup().find("setenv");
            if (symbol.isEmpty()) {
                return;
            }
            MethodHandle setenv = linker.downcallHandle(symbol.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            try (Arena arena = Arena.ofConfined()) {
                int rc = (int) setenv.invokeExact(arena.allocateFrom(name), arena.allocateFrom(value), 0);
                if (rc != 0) {
                    LOG.debug("setenv({}) returned {}", name, rc);
                }
            }
        } catch (Throwable e) {
            LOG.debug("cannot set {} for libtorch: {}", name, e.toString());
        }
    }

    public String version() {
        return meta.version();
    }

    /** Output labels in the model's output order, as read from model.json / config.json. */
    public List<String> labels() {
        return meta.labels();
    }

    public ModelConfig config() {
        return config;
    }

    public ModelMetadata metadata() {
        return meta;
    }

    /** A new, non-thread-safe predictor without a cache. Close it when done. */
    public SentimentPredictor newPredictor() {
        return newPredictor(null);
    }

    /** A new, non-thread-safe predictor consulting {@code cache} (may be null) before inference. */
    public SentimentPredictor newPredictor(ScoreCache cache) {
        ensureOpen();
        return new SentimentPredictor(this, zoo.newPredictor(), cache);
    }

    /** Texts actually run through the network (cache hits excluded) since load. */
    public long inferredTexts() {
        return inferredTexts.get();
    }

    /** Forward passes (batches) since load. */
    public long forwardPasses() {
        return forwardPasses.get();
    }

    HuggingFaceTokenizer tokenizer() {
        return tokenizer;
    }

    long clsId() {
        return clsId;
    }

    long sepId() {
        return sepId;
    }

    int[] labelIndex() {
        return labelIndex;
    }

    void countInference(int texts, int passes) {
        inferredTexts.addAndGet(texts);
        forwardPasses.addAndGet(passes);
    }

    Encoding encode(String text) {
        return tokenizer.encode(text);
    }

    void ensureOpen() {
        synchronized (LOCK) {
            if (closed) {
                throw new SentimentModelException("sentiment model " + meta.version() + " is closed");
            }
        }
    }

    /** Releases one reference; the native model is freed when the last holder closes it. */
    @Override
    public void close() {
        synchronized (LOCK) {
            if (closed || --refs > 0) {
                return;
            }
            OPEN.remove(config, this);
        }
        forceClose();
    }

    private void forceClose() {
        synchronized (LOCK) {
            closed = true;
        }
        zoo.close();
        tokenizer.close();
    }

    /** Token ids of a batch of pieces, padded to the longest; segment ids (types) are null for single texts. */
    record Batch(long[][] ids, long[][] mask, long[][] types) {
        Batch(long[][] ids, long[][] mask) {
            this(ids, mask, null);
        }
    }

    /** Builds int64 input tensors and returns the raw logits as Java arrays (nothing native escapes). */
    private static final class LogitsTranslator implements NoBatchifyTranslator<Batch, float[][]> {
        private final int inputs;

        LogitsTranslator(int inputs) {
            this.inputs = inputs;
        }

        @Override
        public NDList processInput(TranslatorContext ctx, Batch b) {
            NDManager m = ctx.getNDManager();
            int rows = b.ids().length;
            int cols = b.ids()[0].length;
            long[] ids = new long[rows * cols];
            long[] mask = new long[rows * cols];
            long[] types = b.types() == null ? null : new long[rows * cols];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(b.ids()[r], 0, ids, r * cols, cols);
                System.arraycopy(b.mask()[r], 0, mask, r * cols, cols);
                if (types != null) {
                    System.arraycopy(b.types()[r], 0, types, r * cols, cols);
                }
            }
            Shape shape = new Shape(rows, cols);
            NDList list = new NDList(m.create(ids, shape), m.create(mask, shape));
            if (inputs == 3) {
                list.add(types == null ? m.zeros(shape, ai.djl.ndarray.types.DataType.INT64) : m.create(types, shape));
            }
            return list;
        }

        @Override
        public float[][] processOutput(TranslatorContext ctx, NDList list) {
            NDArray logits = list.get(0);
            long[] shape = logits.getShape().getShape();
            if (shape.length != 2) {
                throw new SentimentModelException("expected logits [batch, labels], got " + logits.getShape());
            }
            float[] flat = logits.toFloatArray();
            int rows = (int) shape[0];
            int cols = (int) shape[1];
            float[][] out = new float[rows][cols];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(flat, r * cols, out[r], 0, cols);
            }
            return out;
        }
    }
}
