package io.tickertape.cli;

import io.tickertape.finbert.ModelConfig;
import io.tickertape.finbert.ModelLocator;
import io.tickertape.finbert.SentimentModel;
import io.tickertape.finbert.SentimentModelException;
import io.tickertape.finbert.SentimentPredictor;
import io.tickertape.finbert.evaluation.Evaluation;
import io.tickertape.finbert.evaluation.EvaluationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate the sentiment model on a labelled TSV (header 'text<TAB>label', labels positive/negative/neutral),",
                "or an entity file (header 'text<TAB>entity<TAB>label': each row is scored toward its entity).",
                "Prints per-class precision, recall, F1 and a confusion matrix; for entity files also the accuracy on",
                "texts whose entities carry different labels. The last line is",
                "{\"n\":…,\"accuracy\":…,\"macro_f1\":…,\"weighted_f1\":…} (entity files add disagreeing_n, disagreeing_accuracy).",
                "Bad input: one-line error, exit 2."})
public final class EvaluateCommand implements Callable<Integer> {

    @ParentCommand
    TickertapeCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE", required = true, description = "TSV file: text<TAB>label or text<TAB>entity<TAB>label.")
    Path data;

    @Option(names = "--model", paramLabel = "DIR", description = "Model directory (default: TICKERTAPE_MODEL_DIR or <tickertape home>/finbert/model).")
    Path model;

    @Option(names = "--model-threads", paramLabel = "N", defaultValue = "2", description = "Model intra-op threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() {
        List<Evaluation.Example> examples;
        try {
            examples = Evaluation.read(data);
        } catch (EvaluationException e) {
            throw new UsageException(e.getMessage(), e);
        }
        if (threads < 1) {
            throw new UsageException("--threads must be >= 1");
        }
        Path dir = model != null ? model : ModelLocator.defaultModelDir(parent.env());
        PrintWriter out = spec.commandLine().getOut();
        try (SentimentModel m = SentimentModel.load(ModelConfig.defaults(dir).withThreads(threads));
             SentimentPredictor p = m.newPredictor()) {
            Evaluation.Report report = Evaluation.evaluate(p, examples);
            out.println("model " + m.version() + " on " + data.getFileName() + " (" + examples.size() + " examples)");
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
                report.print(ps);
            }
            out.print(buf.toString(StandardCharsets.UTF_8));
            out.flush();
        } catch (SentimentModelException e) {
            throw new UsageException(e.getMessage(), e);
        }
        return ExitCodes.OK;
    }
}
