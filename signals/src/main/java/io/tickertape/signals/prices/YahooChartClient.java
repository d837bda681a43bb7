package io.tickertape.signals.prices;

import io.tickertape.signals.prices.PriceUnavailableException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Yahoo Finance chart API over java.net.http. Before the first chart request it bootstraps a session: a request
 * to the cookie page (which sets the session cookie), then the crumb for that cookie, sent as {@code crumb=} on every
 * chart request; a 401 (expired crumb) re-bootstraps once. HTTP 429, and a body reading "Too Many Requests", are
 * rate limiting. Every request has the configured timeout. No caching, rate limiting or circuit breaking here:
 * wrap it in {@link GuardedPriceSource}. Thread-safe.
 */
public final class YahooChartClient implements PriceSource {

    private static final Logger LOG = LoggerFactory.getLogger(YahooChartClient.class);
    private static final Pattern SYMBOL = Pattern.compile("[A-Za-z0-9.\\-=^]{1,20}");

    private final YahooSettings settings;
    private final HttpClient http;
    private final Object sessionLock = new Object();
    private volatile String crumb;
    private final java.util.concurrent.ExecutorService executor;

    public YahooChartClient(YahooSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        // Its own threads, so a busy common pool can never delay a response past its deadline.
        this.executor = java.util.concurrent.Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("yahoo-http-", 0).factory());
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .executor(executor)
                .build();
    }

    @Override
    public Quote quote(String symbol) throws PriceUnavailableException {
        YahooChart.Chart chart = chart(symbol, "range=1d&interval=1d&includePrePost=false");
        if (!(chart.lastPrice() > 0) || chart.lastTime() == null) {
            throw new PriceUnavailableException(Reason.NO_DATA, symbol, "no regularMarketPrice");
        }
        return new Quote(symbol, chart.lastPrice(), chart.currency(), chart.lastTime());
    }

    @Override
    public List<DailyBar> dailyHistory(String symbol, LocalDate from, LocalDate to) throws PriceUnavailableException {
        if (to.isBefore(from)) {
            return List.of();
        }
        long period1 = from.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        long period2 = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        YahooChart.Chart chart = chart(symbol, "period1=" + period1 + "&period2=" + period2
                + "&interval=1d&includePrePost=false&events=div%7Csplit");
        List<DailyBar> out = new ArrayList<>(chart.bars().size());
        for (DailyBar b : chart.bars()) {
            if (!b.date().isBefore(from) && !b.date().isAfter(to)) {
                out.add(b);
            }
        }
        return out;
    }

    private YahooChart.Chart chart(String symbol, String query) throws PriceUnavailableException {
        if (symbol == null || !SYMBOL.matcher(symbol).matches()) {
            throw new PriceUnavailableException(Reason.NOT_FOUND, symbol, "not a ticker symbol");
        }
        // At most two attempts: the second only after a 401 and a fresh session.
        for (int attempt = 0; attempt < 2; attempt++) {
            String c = session(symbol);
            URI uri = settings.chartBase().resolve("/v8/finance/chart/"
                    + URLEncoder.encode(symbol, StandardCharsets.UTF_8) + "?" + query
                    + (c.isEmpty() ? "" : "&crumb=" + URLEncoder.encode(c, StandardCharsets.UTF_8)));
            Response r = get(uri, symbol);
            if (r.status() == 401 && attempt == 0) {
                LOG.info("Yahoo answered 401 for {}; renewing cookie and crumb", symbol);
                crumb = null;
                continue;
            }
            return YahooChart.parse(symbol, r.status(), r.body());
        }
        throw new PriceUnavailableException(Reason.UNAVAILABLE, symbol, "HTTP 401 after a fresh session");
    }

    /** The crumb, bootstrapping cookie and crumb once for all threads. */
    private String session(String symbol) throws PriceUnavailableException {
        String c = crumb;
        if (c != null) {
            return c;
        }
        synchronized (sessionLock) {
            if (crumb == null) {
                get(settings.cookieUrl(), symbol); // only its Set-Cookie matters; 404 is normal
                Response r = get(settings.crumbUrl(), symbol);
                if (r.status() == 429 || r.body().contains("Too Many Requests")) {
                    throw new PriceUnavailableException(Reason.RATE_LIMITED, symbol, "crumb: HTTP " + r.status());
                }
                String body = r.body().trim();
                if (r.status() != 200 || body.isEmpty() || body.length() > 64 || body.startsWith("{")
                        || body.startsWith("<")) {
                    throw new PriceUnavailableException(Reason.UNAVAILABLE, symbol, "no crumb: HTTP " + r.status());
                }
                crumb = body;
            }
            return crumb;
        }
    }

    private record Response(int status, String body) { }

    private Response get(URI uri, String symbol) throws PriceUnavailableException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("User-Agent", settings.userAgent())
                .header("Accept", "application/json,text/plain,*/*")
                .header("Accept-Language", "en-US,en;q=0.9")
                .GET().build();
        // The request timeout covers the headers only; the whole exchange, body included, gets a hard deadline.
        java.util.concurrent.CompletableFuture<HttpResponse<byte[]>> future =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            HttpResponse<byte[]> response = future.get(settings.requestTimeout().toMillis() + 500,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
            byte[] bytes = response.body();
            if (bytes.length > settings.maxBodyBytes()) {
                throw new PriceUnavailableException(Reason.MALFORMED, symbol,
                        "body larger than " + settings.maxBodyBytes() + " bytes");
            }
            return new Response(response.statusCode(), new String(bytes, StandardCharsets.UTF_8));
        } catch (java.util.concurrent.TimeoutException e) {
            future.cancel(true);
            throw new PriceUnavailableException(Reason.TIMEOUT, symbol, uri.getPath() + " after "
                    + settings.requestTimeout().toMillis() + " ms", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            Reason reason = cause instanceof HttpTimeoutException ? Reason.TIMEOUT : Reason.UNAVAILABLE;
            throw new PriceUnavailableException(reason, symbol, uri.getPath() + ": " + cause, cause);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new PriceUnavailableException(Reason.UNAVAILABLE, symbol, "interrupted", e);
        }
    }

    @Override
    public void close() {
        http.close();
        executor.shutdownNow();
    }
}
