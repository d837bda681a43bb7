package io.tickertape.web.signals;

import java.util.List;
import java.util.Map;

/** One signal's page, every value formatted; {@code company} and {@code link} may be null. */
public record SignalDetailPage(String ticker, String company, String direction, boolean buy, String headline,
                               String link, String source, String publishedAt, String signalAt, String score,
                               String sentiment, String technical, String confidence, String price, String priceAt,
                               String entry, String stop, String target, String model, List<String> explanation,
                               ChartView chart, List<Map<String, String>> outcomes) {
}
