package io.tickertape.events;

/** A topic value whose JSON carries the version of its shape, so readers can refuse what they don't understand. */
public interface Versioned {
    int schemaVersion();
}
