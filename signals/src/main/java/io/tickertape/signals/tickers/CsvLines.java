package io.tickertape.signals.tickers;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC-4180 records read with jackson-dataformat-csv: quoted fields with doubled quotes, commas and embedded newlines;
 * every field is returned as written (no trimming). A record that ends inside a quoted field (a truncated file) or
 * is longer than {@link #MAX_RECORD_CHARS} is not data: {@link #next} throws a {@link MalformedCsvException} naming
 * the source and the line the record starts on, so nothing after it is silently swallowed into one field.
 * Not thread-safe; close it (or the reader it was given).
 */
public final class CsvLines implements Closeable {

    /** A record longer than this is malformed input, not a headline. */
    static final int MAX_RECORD_CHARS = 1 << 20;

    private static final CsvFactory FACTORY = CsvFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_RECORD_CHARS).build())
            .build();

    /** A CSV record that cannot be read, with where it starts ({@code file:line: reason}). */
    public static final class MalformedCsvException extends IOException {
        private final String source;
        private final int line;

        MalformedCsvException(String source, int line, String reason, Throwable cause) {
            super(source + ":" + line + ": " + reason, cause);
            this.source = source;
            this.line = line;
        }

        /** The file (or other source name) the record is in. */
        public String source() {
            return source;
        }

        /** The 1-based line the record starts on. */
        public int line() {
            return line;
        }
    }

    private final CsvParser parser;
    private final String source;
    private int line;
    private long records;

    private CsvLines(Reader reader, String source) throws IOException {
        this.source = source;
        this.parser = FACTORY.createParser(reader);
        parser.setSchema(CsvSchema.emptySchema());
    }

    /** Reads {@code reader}; {@code source} names it in errors (a file name). */
    public static CsvLines open(Reader reader, String source) throws IOException {
        return new CsvLines(reader, source);
    }

    /** Reads a UTF-8 file. */
    public static CsvLines open(Path file) throws IOException {
        return new CsvLines(Files.newBufferedReader(file, StandardCharsets.UTF_8), file.toString());
    }

    /** The next record's fields, or null at the end of the input. */
    public List<String> next() throws IOException {
        // Between records the parser stands at the start of the next line (Jackson's token locations lag behind).
        int start = parser.currentLocation().getLineNr();
        try {
            JsonToken t = parser.nextToken();
            if (t == null) {
                return null;
            }
            if (t != JsonToken.START_ARRAY) {
                throw new MalformedCsvException(source, start, "not a CSV record (" + t + ")", null);
            }
            List<String> fields = new ArrayList<>();
            long chars = 0;
            while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new MalformedCsvException(source, start, "truncated record: the input ends inside it", null);
                }
                String field = parser.getText();
                chars += field.length();
                if (chars > MAX_RECORD_CHARS) {
                    throw new MalformedCsvException(source, start,
                            "record longer than " + MAX_RECORD_CHARS + " characters", null);
                }
                fields.add(field);
            }
            line = start;
            records++;
            return fields;
        } catch (MalformedCsvException e) {
            throw e;
        } catch (JacksonException e) {
            String reason = e.getOriginalMessage();
            if (reason != null && reason.contains("closing quote")) {
                reason = "truncated record: a quoted field is never closed";
            }
            throw new MalformedCsvException(source, start, reason, e);
        }
    }

    /** The line the last record returned by {@link #next} starts on (0 before the first). */
    public int line() {
        return line;
    }

    /** How many records {@link #next} has returned. */
    public long records() {
        return records;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
