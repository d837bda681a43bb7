package io.tickertape.web.signals;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickertape.web.http.Json;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "Outcome so far" for a signal from {@code signal_outcomes} (migration V3, written by {@code outcomes update}).
 * The row is read as JSON and only the columns named in {@link #SHOWN} are shown, so a database migrated before
 * V3 (no table: no section) or a later change of that table's columns never breaks a signal page.
 */
public final class OutcomeReader {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeReader.class);
    static final int MAX_ROWS = 10;
    static final int MAX_VALUE = 200;
    /** Column to label, in display order; returns are signed by direction (a SELL that fell is positive). */
    static final Map<String, String> SHOWN = shown();

    private static Map<String, String> shown() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("status", "Status");
        m.put("base_date", "Day 0");
        m.put("return_1d", "Return, 1 session");
        m.put("return_5d", "Return, 5 sessions");
        m.put("return_20d", "Return, 20 sessions");
        m.put("excess_5d", "Excess over benchmark, 5 sessions");
        m.put("excess_20d", "Excess over benchmark, 20 sessions");
        m.put("exit_reason", "Exit");
        m.put("exit_date", "Exit date");
        m.put("last_date", "Last session seen");
        m.put("note", "Note");
        return java.util.Collections.unmodifiableMap(m);
    }

    private final Jdbi jdbi;

    public OutcomeReader(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public List<Map<String, String>> outcomes(String signalId) {
        try {
            return jdbi.withHandle(h -> {
                h.getConfig(SqlStatements.class).setQueryTimeout(SignalReader.QUERY_TIMEOUT_SECONDS);
                boolean exists = h.createQuery("SELECT to_regclass('signal_outcomes') IS NOT NULL").mapTo(Boolean.class).one();
                if (!exists) {
                    return List.of();
                }
                List<String> rows = h.createQuery("SELECT row_to_json(o)::text FROM signal_outcomes o WHERE o.signal_id = :id LIMIT :max")
                        .bind("id", signalId).bind("max", MAX_ROWS).mapTo(String.class).list();
                List<Map<String, String>> out = new ArrayList<>(rows.size());
                for (String row : rows) {
                    Map<String, String> fields = new LinkedHashMap<>();
                    JsonNode node = Json.MAPPER.readTree(row);
                    SHOWN.forEach((column, label) -> {
                        JsonNode v = node.get(column);
                        if (v == null || v.isNull()) {
                            return;
                        }
                        String text = v.isNumber() && (column.startsWith("return_") || column.startsWith("excess_"))
                                ? String.format(java.util.Locale.US, "%+.2f%%", v.asDouble() * 100)
                                : v.isValueNode() ? v.asText() : v.toString();
                        fields.put(label, text.length() > MAX_VALUE ? text.substring(0, MAX_VALUE) + "…" : text);
                    });
                    if (!fields.isEmpty()) {
                        out.add(fields);
                    }
                }
                return out;
            });
        } catch (Exception e) {
            LOG.warn("signal_outcomes could not be read for {}: {}", signalId, e.toString());
            return List.of();
        }
    }
}
