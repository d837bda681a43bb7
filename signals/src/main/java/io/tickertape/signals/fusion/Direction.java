package io.tickertape.signals.fusion;

/** Which way a signal points. */
public enum Direction {
    BUY, SELL
}
