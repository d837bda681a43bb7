package io.tickertape.cli;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickertape.signals.prices.FilePriceSource;
import io.tickertape.signals.prices.GuardedPriceSource;
import io.tickertape.signals.prices.PriceSource;
import io.tickertape.signals.prices.YahooChartClient;
import io.tickertape.signals.prices.YahooSettings;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** Where prices come from: Yahoo's chart API (guarded by rate limit, caches and a breaker) or files. */
public final class PriceOptions {

    public enum Kind { YAHOO, FILES }

    @Option(names = "--price-source", paramLabel = "KIND", defaultValue = "YAHOO",
            description = "YAHOO (live chart API) or FILES (--price-files; quotes stamped with the clock, for demos) (default: ${DEFAULT-VALUE}).")
    Kind kind;

    @Option(names = "--price-files", paramLabel = "DIR", split = ",",
            description = "Directories of daily CSV/JSON price files for --price-source FILES.")
    List<Path> priceFiles;

    @Option(names = "--price-requests-per-second", paramLabel = "N", defaultValue = "1.5",
            description = "Global rate limit towards the price API (default: ${DEFAULT-VALUE}).")
    double requestsPerSecond;

    public PriceSource open(Clock clock, MeterRegistry registry) {
        return switch (kind) {
            case YAHOO -> {
                if (requestsPerSecond <= 0 || requestsPerSecond > 20) {
                    throw new UsageException("--price-requests-per-second must be in (0, 20]");
                }
                yield new GuardedPriceSource(new YahooChartClient(YahooSettings.defaults()),
                        GuardedPriceSource.Protection.defaults().withRequestsPerSecond(requestsPerSecond), registry);
            }
            case FILES -> {
                if (priceFiles == null || priceFiles.isEmpty()) {
                    throw new UsageException("--price-source FILES needs --price-files DIR[,DIR...]");
                }
                for (Path p : priceFiles) {
                    if (!Files.isDirectory(p)) {
                        throw new UsageException("--price-files: not a directory: " + p);
                    }
                }
                yield new FilePriceSource(priceFiles, clock, FilePriceSource.QuoteTime.CLOCK, "USD", FilePriceSource.historicalAliases());
            }
        };
    }
}
