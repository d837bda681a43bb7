package io.tickertape.digest.rendering;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * How values are shown.
 *
 * @param zone          time zone for every time in the email (the digest's zone, America/Phoenix by default)
 * @param maxPriceAge   a signal's price older than this, measured at digest time, is flagged as stale; the default
 *                      of 4 days covers a Friday close seen on the Tuesday after a Monday holiday
 * @param brand         product name in the subject and heading
 */
public record RenderSettings(ZoneId zone, Duration maxPriceAge, String brand) {

    public static final ZoneId PHOENIX = ZoneId.of("America/Phoenix");

    public RenderSettings {
        Objects.requireNonNull(zone, "zone");
        if (maxPriceAge == null || maxPriceAge.isNegative() || maxPriceAge.isZero()) {
            throw new IllegalArgumentException("maxPriceAge must be positive: " + maxPriceAge);
        }
        brand = SafeText.line(brand, 40);
        if (brand.isEmpty()) {
            brand = "tickertape";
        }
    }

    public static RenderSettings defaults() {
        return new RenderSettings(PHOENIX, Duration.ofDays(4), "tickertape");
    }

    public RenderSettings withMaxPriceAge(Duration age) {
        return new RenderSettings(zone, age, brand);
    }
}
