package io.tickertape.ingest.fetch;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches feeds over http(s) with {@link HttpClient}: conditional GET, gzip, a bounded redirect loop of our own
 * (so every hop obeys the scheme and address rules), a deadline for the whole fetch including the body, and a
 * cap on the body both on the wire and decompressed. Thread-safe; share one per process.
 */
public final class HttpFeedFetcher implements FeedFetcher, AutoCloseable {

    private static final List<Integer> REDIRECTS = List.of(301, 302, 303, 307, 308);
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private final FetchLimits limits;
    private final ExecutorService executor;
    private final HttpClient client;

    public HttpFeedFetcher(FetchLimits limits) {
        this.limits = limits;
        // The client's own async work runs on virtual threads: no pool to size, no platform thread per fetch.
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("feed-http-", 0).factory());
        this.client = HttpClient.newBuilder()
                .connectTimeout(limits.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    public FetchLimits limits() {
        return limits;
    }

    @Override
    public FetchResult fetch(URI uri, Validators validators) throws FetchException {
        checkScheme(uri, uri);
        long deadline = System.nanoTime() + limits.timeout().toNanos();
        URI current = uri;
        for (int hop = 0; hop <= limits.maxRedirects(); hop++) {
            HttpResponse<byte[]> response = send(current, validators, deadline);
            int status = response.statusCode();
            if (REDIRECTS.contains(status)) {
                String location = response.headers().firstValue("Location").orElseThrow(() -> new FetchException(
                        FetchException.Reason.REDIRECT, "HTTP " + status + " without a Location header"));
                URI next;
                try {
                    next = current.resolve(location.strip());
                } catch (IllegalArgumentException e) {
                    throw new FetchException(FetchException.Reason.REDIRECT, "redirect to a malformed URL: " + abbreviate(location));
                }
                checkRedirect(uri, current, next);
                current = next;
                continue;
            }
            if (status == 304) {
                return FetchResult.notModified(validators, current);
            }
            if (status != 200 && status != 203) {
                FetchException.Reason reason = status == 404 || status == 410
                        ? FetchException.Reason.NOT_FOUND : FetchException.Reason.HTTP_STATUS;
                throw new FetchException(reason, "HTTP " + status + " from " + current.getHost(),
                        retryAfter(response), null);
            }
            byte[] body = response.body();
            String encoding = response.headers().firstValue("Content-Encoding").orElse("identity").strip().toLowerCase(Locale.ROOT);
            if (encoding.equals("gzip") || encoding.equals("x-gzip") || (encoding.equals("identity") && Decompression.looksGzipped(body))) {
                body = Decompression.gunzip(body, limits.maxBodyBytes(), "HTTP 200 from " + current.getHost());
            } else if (!encoding.equals("identity")) {
                throw new FetchException(FetchException.Reason.REFUSED, "unsupported Content-Encoding '" + abbreviate(encoding) + "'");
            }
            Validators next = new Validators(
                    response.headers().firstValue("ETag").orElse(null),
                    response.headers().firstValue("Last-Modified").orElse(null));
            return new FetchResult(false, body, response.headers().firstValue("Content-Type").orElse(null), next, current);
        }
        throw new FetchException(FetchException.Reason.REDIRECT, "more than " + limits.maxRedirects() + " redirects");
    }

    private HttpResponse<byte[]> send(URI uri, Validators validators, long deadline) throws FetchException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw timeout();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(Duration.ofNanos(remaining))
                // h2c upgrade on plain http confuses some feed servers; https negotiates HTTP/2 via ALPN.
                .version(uri.getScheme().equalsIgnoreCase("https") ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .header("User-Agent", limits.userAgent())
                .header("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1")
                .header("Accept-Encoding", "gzip");
        if (validators.etag() != null) {
            request.header("If-None-Match", validators.etag());
        }
        if (validators.lastModified() != null) {
            request.header("If-Modified-Since", validators.lastModified());
        }
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request.build(), this::bodyFor);
        try {
            return future.get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true); // aborts the exchange and closes the connection
            throw timeout();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new FetchException(FetchException.Reason.TIMEOUT, "interrupted", null, e);
        } catch (ExecutionException e) {
            throw translate(uri, e.getCause());
        }
    }

    /** 200s are collected under the cap; other bodies are not read at all (cancelled at once). */
    private HttpResponse.BodySubscriber<byte[]> bodyFor(HttpResponse.ResponseInfo info) {
        if (info.statusCode() != 200 && info.statusCode() != 203) {
            return new Discarding();
        }
        long length = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (length > limits.maxBodyBytes()) {
            return new RefuseAtOnce(limits.maxBodyBytes());
        }
        return new CappedBodySubscriber(limits.maxBodyBytes(), length);
    }

    private FetchException translate(URI uri, Throwable cause) {
        Throwable c = cause;
        while (c != null) {
            if (c instanceof CappedBodySubscriber.TooLarge tooLarge) {
                return new FetchException(FetchException.Reason.TOO_LARGE,
                        "body larger than the " + tooLarge.limit + "-byte limit from " + uri.getHost() + "; refused");
            }
            if (c instanceof HttpConnectTimeoutException) {
                return new FetchException(FetchException.Reason.TIMEOUT, "connect to " + uri.getHost() + " timed out after "
                        + limits.connectTimeout().toMillis() + " ms", null, c);
            }
            if (c instanceof HttpTimeoutException) {
                return timeout();
            }
            if (c instanceof ConnectException) {
                return new FetchException(FetchException.Reason.NETWORK, "cannot connect to " + uri.getHost()
                        + (uri.getPort() > 0 ? ":" + uri.getPort() : ""), null, c);
            }
            c = c.getCause();
        }
        String message = cause == null ? "unknown error" : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new FetchException(FetchException.Reason.NETWORK, uri.getHost() + ": " + oneLine(message), null, cause);
    }

    private FetchException timeout() {
        return new FetchException(FetchException.Reason.TIMEOUT, "no complete response within " + limits.timeout().toMillis() + " ms");
    }

    private static void checkScheme(URI original, URI uri) throws FetchException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new FetchException(original == uri ? FetchException.Reason.REFUSED : FetchException.Reason.REDIRECT,
                    "only http and https are fetched, not '" + abbreviate(scheme) + ":'");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new FetchException(FetchException.Reason.REFUSED, "URL has no host: " + abbreviate(uri.toString()));
        }
    }

    /**
     * A redirect may not leave http(s), may not downgrade https to http, and may not point at a loopback, private
     * or link-local literal address (e.g. the cloud metadata endpoint) unless the feed itself lives on one.
     */
    private static void checkRedirect(URI original, URI from, URI to) throws FetchException {
        checkScheme(original, to);
        if (from.getScheme().equalsIgnoreCase("https") && to.getScheme().equalsIgnoreCase("http")) {
            throw new FetchException(FetchException.Reason.REDIRECT, "refused redirect from https to http: " + abbreviate(to.toString()));
        }
        if (isInternal(to.getHost()) && !isInternal(original.getHost())) {
            throw new FetchException(FetchException.Reason.REDIRECT, "refused redirect to an internal address: " + to.getHost());
        }
    }

    static boolean isInternal(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost") || h.toLowerCase(Locale.ROOT).endsWith(".localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false; // a name: only literal addresses are checked, so no DNS lookup happens here
        }
        try {
            InetAddress a = InetAddress.ofLiteral(h);
            return a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                    || (a.getAddress().length == 16 && (a.getAddress()[0] & 0xfe) == 0xfc); // IPv6 unique local
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        String value = response.headers().firstValue("Retry-After").orElse(null);
        if (value == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.strip());
            return seconds < 0 ? null : min(Duration.ofSeconds(seconds), MAX_RETRY_AFTER);
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(java.time.Instant.now(),
                        ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : min(d, MAX_RETRY_AFTER);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    static String abbreviate(String s) {
        String flat = oneLine(s);
        return flat.length() > 120 ? flat.substring(0, 120) + "…" : flat;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\r', ' ').replace('\n', ' ').strip();
    }

    @Override
    public void close() {
        client.shutdownNow();
        executor.shutdownNow();
    }

    /** For non-200 responses: we never need the body, so we do not read it. */
    private static final class Discarding implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();

        @Override
        public CompletableFuture<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.cancel();
            result.complete(new byte[0]);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
        }

        @Override
        public void onError(Throwable throwable) {
            result.complete(new byte[0]);
        }

        @Override
        public void onComplete() {
            result.complete(new byte[0]);
        }
    }

    /** Content-Length already says the body is too large: fail without reading a byte of it. */
    private static final class RefuseAtOnce implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final long limit;

        RefuseAtOnce(long limit) {
            this.limit = limit;
        }

        @Override
        public CompletableFuture<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.cancel();
            result.completeExceptionally(new CappedBodySubscriber.TooLarge(limit));
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(new CappedBodySubscriber.TooLarge(limit));
        }

        @Override
        public void onComplete() {
            result.completeExceptionally(new CappedBodySubscriber.TooLarge(limit));
        }
    }
}
