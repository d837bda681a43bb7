package io.tickertape.topology.sentiment;

import io.tickertape.events.Article;
import io.tickertape.events.Versioned;

/**
 * An article waiting in the batch buffer, with the timestamp of the record that brought it (so the scored record
 * keeps its event time), its arrival order within the task, and its origin (for a dead letter if it can't be scored).
 */
public record PendingArticle(int schemaVersion, Article article, long timestamp, long sequence, String sourceTopic,
                             int partition, long offset) implements Versioned {
    public static final int SCHEMA_VERSION = 1;
}
