package io.tickertape.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The texts of {@code --input FILE} for commands that take one text per line ('-' reads stdin). */
final class TextInput {

    private TextInput() {
    }

    /** Non-blank lines of the file, in order; an empty list when no file was given. */
    static List<String> lines(Path input) {
        if (input == null) {
            return List.of();
        }
        try (BufferedReader r = "-".equals(input.toString())
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            List<String> lines = new ArrayList<>();
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UsageException("cannot read --input " + input + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        }
    }
}
