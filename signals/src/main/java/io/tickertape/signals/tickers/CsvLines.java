package io.tickertape.signals.tickers;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Minimal RFC-4180 reader: quoted fields with doubled quotes and embedded newlines; bounded per record. */
public final class CsvLines {

    /** A record longer than this is malformed input, not a headline. */
    static final int MAX_RECORD_CHARS = 1 << 20;

    private CsvLines() {
    }

    /** The next record's fields, or null at the end of the input. */
    public static List<String> next(BufferedReader r) throws IOException {
        String line = r.readLine();
        if (line == null) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        int total = 0;
        while (true) {
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"') {
                        if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                            cur.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        cur.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    fields.add(cur.toString());
                    cur.setLength(0);
                } else {
                    cur.append(c);
                }
            }
            total += line.length();
            if (!quoted) {
                break;
            }
            line = r.readLine();
            if (line == null || total > MAX_RECORD_CHARS) {
                break;
            }
            cur.append('\n');
        }
        fields.add(cur.toString());
        return fields;
    }
}
