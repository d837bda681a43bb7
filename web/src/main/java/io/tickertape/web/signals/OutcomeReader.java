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
 * "Outcome so far" for a signal, once the outcomes feature has created its {@code signal_outcomes} table. Until
 * then (or if its shape is not what is expected) a signal page simply has no outcome section. The rows are shown
 * as their own column names and values, so this reader does not need to know that table's exact columns.
 */
public final class OutcomeReader {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeReader.class);
    static final int MAX_ROWS = 10;
    static final int MAX_VALUE = 200;

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
                    node.properties().forEach(e -> {
                        if (!e.getKey().equals("signal_id")) {
                            String v = e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString();
                            fields.put(e.getKey(), v.length() > MAX_VALUE ? v.substring(0, MAX_VALUE) + "…" : v);
                        }
                    });
                    out.add(fields);
                }
                return out;
            });
        } catch (Exception e) {
            LOG.warn("signal_outcomes could not be read for {}: {}", signalId, e.toString());
            return List.of();
        }
    }
}
