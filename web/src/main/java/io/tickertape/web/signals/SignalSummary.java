package io.tickertape.web.signals;

import java.time.Instant;

/** One row of the signal list, as stored. */
public record SignalSummary(String signalId, String ticker, String company, String direction, Instant signalAt,
                            String headline, String source, double score, double confidence) {
}
