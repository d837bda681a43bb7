package io.tickertape.cli;

import io.tickertape.finbert.ModelConfig;
import io.tickertape.finbert.ModelLocator;
import io.tickertape.finbert.ScoreJson;
import io.tickertape.finbert.Sentiment;
import io.tickertape.finbert.SentimentModel;
import io.tickertape.finbert.SentimentInput;
import io.tickertape.finbert.SentimentModelException;
import io.tickertape.finbert.SentimentPredictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score the sentiment of texts with the FinBERT-class model: one JSON line per text, in input order:",
                "{\"text\":…,\"target\":\"NAME\"|null,\"label\":\"positive|negative|neutral\",\"scores\":{\"positive\":p,\"negative\":p,\"neutral\":p},\"model\":\"<version>\"}",
                "Texts come from --input (one per line, blank lines skipped; '-' = stdin), then from the arguments.",
                "A line 'text<TAB>entity' is scored toward that entity (sentiment toward the company, not the whole text);",
                "--target NAME applies one target to every text without its own. \"target\" is null for a whole-text score,",
                "and always null with an article-level model (it ignores targets; a note goes to stderr).",
                "Model directory: --model, else TICKERTAPE_MODEL_DIR, else <tickertape home>/finbert/model.",
                "Exit codes: 0 ok, 2 on bad input (no texts, unreadable file, unusable model directory)."})
public final class ScoreCommand implements Callable<Integer> {
    private static final int CHUNK = 64;

    @ParentCommand
    TickertapeCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", description = "Model directory (TorchScript + tokenizer.json + model.json or config.json).")
    Path model;

    @Option(names = "--input", paramLabel = "FILE", description = "UTF-8 file with one text per line ('-' reads stdin).")
    Path input;

    @Option(names = "--model-threads", paramLabel = "N", defaultValue = "2", description = "Model intra-op threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--target", paramLabel = "NAME", description = "Score every text toward this entity (a TAB-separated entity on a line wins).")
    String target;

    @Parameters(paramLabel = "TEXT", arity = "0..*", description = "Texts to score.")
    List<String> texts = new ArrayList<>();

    @Override
    public Integer call() {
        List<String> lines = new ArrayList<>(TextInput.lines(input));
        lines.addAll(texts);
        if (target != null && target.isBlank()) {
            throw new UsageException("--target must not be blank");
        }
        List<SentimentInput> all = new ArrayList<>(lines.size());
        for (String line : lines) {
            int tab = line.lastIndexOf('\t');
            SentimentInput in = tab < 0 ? new SentimentInput(line, target)
                    : new SentimentInput(line.substring(0, tab), line.substring(tab + 1));
            if (in.text().isBlank()) {
                throw new UsageException("empty text before the TAB in: " + line.strip());
            }
            all.add(in);
        }
        if (all.isEmpty()) {
            throw new UsageException("nothing to score: give TEXT arguments or --input FILE");
        }
        if (threads < 1) {
            throw new UsageException("--threads must be >= 1");
        }
        Path dir = model != null ? model : ModelLocator.defaultModelDir(parent.env());
        PrintWriter out = spec.commandLine().getOut();
        try (SentimentModel m = SentimentModel.load(ModelConfig.defaults(dir).withThreads(threads));
             SentimentPredictor p = m.newPredictor()) {
            if (!p.targetAware() && all.stream().anyMatch(in -> in.target() != null)) {
                spec.commandLine().getErr().println("note: model " + m.version()
                        + " is article-level: targets are ignored, each text is scored as a whole");
            }
            for (int i = 0; i < all.size(); i += CHUNK) {
                List<SentimentInput> chunk = all.subList(i, Math.min(all.size(), i + CHUNK));
                List<Sentiment> scores = p.scoreInputs(chunk);
                for (int j = 0; j < chunk.size(); j++) {
                    SentimentInput in = chunk.get(j);
                    out.println(ScoreJson.line(in.text(), p.targetAware() ? in.target() : null, scores.get(j)));
                }
                out.flush();
            }
        } catch (SentimentModelException e) {
            throw new UsageException(e.getMessage(), e);
        }
        return ExitCodes.OK;
    }
}
