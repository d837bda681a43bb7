package io.tickertape.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tickertape.signals.tickers.TickerMatch;
import io.tickertape.signals.tickers.TickerResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "tickers", mixinStandardHelpOptions = true,
        description = {"Find the companies texts (headlines) are about: one JSON line per text, in input order:",
                "{\"text\":…,\"tickers\":[{\"symbol\":\"TSLA\",\"name\":\"Tesla, Inc.\",\"matched\":\"Tesla\",\"relevance\":0.8}]}",
                "Texts come from --input (one per line, blank lines skipped; '-' = stdin), then from the arguments.",
                "Exit codes: 0 ok, 2 on bad input (no texts, unreadable file)."})
public final class TickersCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    TickertapeCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--input", paramLabel = "FILE", description = "UTF-8 file with one text per line ('-' reads stdin).")
    Path input;

    @Parameters(paramLabel = "TEXT", arity = "0..*", description = "Texts to resolve.")
    List<String> texts = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        List<String> all = new ArrayList<>(TextInput.lines(input));
        all.addAll(texts);
        if (all.isEmpty()) {
            throw new UsageException("nothing to resolve: give TEXT arguments or --input FILE");
        }
        TickerResolver resolver = TickerResolver.loadDefault();
        PrintWriter out = spec.commandLine().getOut();
        for (String text : all) {
            ObjectNode line = JSON.createObjectNode();
            line.put("text", text);
            ArrayNode tickers = line.putArray("tickers");
            for (TickerMatch m : resolver.resolve(text, null, List.of())) {
                tickers.addObject().put("symbol", m.symbol()).put("name", m.name()).put("matched", m.matched())
                        .put("relevance", m.relevance());
            }
            out.println(JSON.writeValueAsString(line));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
