package io.tickertape.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tickertape score} with targets: TAB-separated entities, --target, and the "target" field. */
class ScoreCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SHIPPED = Path.of("..", "finbert", "model").toAbsolutePath().normalize();

    @TempDir
    static Path tmp;
    static Path pairModel;
    static Path textModel;

    private record Run(int code, List<JsonNode> lines, String err) {}

    @BeforeAll
    static void models() throws Exception {
        pairModel = copyWithInput(tmp.resolve("pair"), "text_pair");
        textModel = copyWithInput(tmp.resolve("text"), "text");
    }

    /** The shipped network and tokenizer, with model.json declaring the given input format. */
    private static Path copyWithInput(Path dir, String input) throws Exception {
        Files.createDirectories(dir);
        Files.createSymbolicLink(dir.resolve("model.pt"), SHIPPED.resolve("model.pt"));
        Files.copy(SHIPPED.resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        ObjectNode meta = (ObjectNode) JSON.readTree(SHIPPED.resolve("model.json").toFile());
        meta.put("input", input);
        JSON.writeValue(dir.resolve("model.json").toFile(), meta);
        return dir;
    }

    private static Run run(String... args) throws Exception {
        CommandLine cli = Main.commandLine(Map.of());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        List<JsonNode> lines = new ArrayList<>();
        for (String l : out.toString().split("\n")) {
            if (!l.isBlank()) {
                lines.add(JSON.readTree(l));
            }
        }
        return new Run(code, lines, err.toString());
    }

    @Test
    void tabSeparatedEntitiesAndTargetOptionAreScoredTowardTheTarget() throws Exception {
        Path input = tmp.resolve("in.txt");
        Files.writeString(input, "Microsoft wins Pentagon cloud contract, beating Amazon\tAmazon\n"
                + "Microsoft wins Pentagon cloud contract, beating Amazon\tMicrosoft\n"
                + "Quarterly sales rose 12 percent\n");
        Run r = run("score", "--model", pairModel.toString(), "--input", input.toString(), "--target", "Acme");
        assertThat(r.code()).isZero();
        assertThat(r.lines()).hasSize(3);
        assertThat(r.lines().get(0).get("text").asText()).isEqualTo("Microsoft wins Pentagon cloud contract, beating Amazon");
        assertThat(r.lines().get(0).get("target").asText()).isEqualTo("Amazon");
        assertThat(r.lines().get(1).get("target").asText()).isEqualTo("Microsoft");
        assertThat(r.lines().get(2).get("target").asText()).as("--target fills lines without one").isEqualTo("Acme");
        assertThat(r.lines().get(0).get("scores")).isNotEqualTo(r.lines().get(1).get("scores"));
        assertThat(r.err()).isEmpty();
    }

    @Test
    void withoutTargetsTheFieldIsNull() throws Exception {
        Run r = run("score", "--model", pairModel.toString(), "Quarterly sales rose 12 percent");
        assertThat(r.code()).isZero();
        assertThat(r.lines().getFirst().get("target").isNull()).isTrue();
    }

    @Test
    void anArticleLevelModelIgnoresTargetsAndSaysSoOnStderr() throws Exception {
        Run r = run("score", "--model", textModel.toString(), "--target", "Amazon", "Amazon loses the contract");
        assertThat(r.code()).isZero();
        assertThat(r.lines().getFirst().get("target").isNull()).isTrue();
        assertThat(r.err().strip()).contains("is article-level: targets are ignored").doesNotContain("\n");
    }

    @Test
    void blankTargetOrEmptyTextIsAUsageError() throws Exception {
        Run blank = run("score", "--model", pairModel.toString(), "--target", " ", "Sales rose");
        assertThat(blank.code()).isEqualTo(2);
        assertThat(blank.err().strip()).contains("--target must not be blank").doesNotContain("\n");
        Run empty = run("score", "--model", pairModel.toString(), "\tAmazon");
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err().strip()).contains("empty text before the TAB").doesNotContain("\n");
    }
}
