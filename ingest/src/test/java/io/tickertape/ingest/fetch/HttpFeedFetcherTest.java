package io.tickertape.ingest.fetch;

import io.tickertape.ingest.samples.LocalFeedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HTTP fetcher against a local server: conditional GET, gzip, redirects, errors, slow and oversized bodies. */
class HttpFeedFetcherTest {

    private static final String FEED = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title></channel></rss>";
    private static final long MAX = 1024 * 1024;
    private static LocalFeedServer server;
    private static HttpFeedFetcher fetcher;

    @BeforeAll
    static void start() throws IOException {
        server = LocalFeedServer.start(0);
        server.put("/feed.xml", LocalFeedServer.Document.xml(FEED, Instant.parse("2026-11-20T10:00:00Z")));
        server.handle("/503", ex -> {
            ex.getResponseHeaders().set("Retry-After", "120");
            ex.sendResponseHeaders(503, -1);
        });
        server.handle("/500-with-body", ex -> {
            byte[] b = "<html>oops</html>".getBytes();
            ex.sendResponseHeaders(500, b.length);
            ex.getResponseBody().write(b);
        });
        server.handle("/redirect", ex -> redirect(ex, "/feed.xml"));
        server.handle("/loop", ex -> redirect(ex, "/loop"));
        server.handle("/to-file", ex -> redirect(ex, "file:///etc/passwd"));
        server.handle("/to-javascript", ex -> redirect(ex, "javascript:alert(1)"));
        server.handle("/slow-headers", ex -> {
            sleep(5_000);
            ex.sendResponseHeaders(200, -1);
        });
        server.handle("/drip", ex -> { // headers at once, then a byte a second: only a whole-fetch deadline stops it
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            for (int i = 0; i < 30; i++) {
                out.write('<');
                out.flush();
                sleep(1_000);
            }
        });
        server.handle("/huge-declared", ex -> { // says 50 MB up front
            ex.sendResponseHeaders(200, 50L * 1024 * 1024);
            streamZeros(ex.getResponseBody(), 50L * 1024 * 1024);
        });
        server.handle("/huge-chunked", ex -> { // 50 MB with no Content-Length
            ex.sendResponseHeaders(200, 0);
            streamZeros(ex.getResponseBody(), 50L * 1024 * 1024);
        });
        server.handle("/gzip-bomb", ex -> {
            byte[] bomb = gzipOfZeros(50L * 1024 * 1024);
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
            ex.sendResponseHeaders(200, bomb.length);
            ex.getResponseBody().write(bomb);
        });
        fetcher = new HttpFeedFetcher(new FetchLimits(Duration.ofSeconds(2), Duration.ofSeconds(3), 5, MAX, "tickertape-test/1.0"));
    }

    @AfterAll
    static void stop() {
        fetcher.close();
        server.close();
    }

    @Test
    void fetchesGzippedAndThenGets304WithValidators() throws Exception {
        FetchResult first = fetcher.fetch(server.uri("/feed.xml"), Validators.NONE);
        assertThat(first.notModified()).isFalse();
        assertThat(new String(first.body())).isEqualTo(FEED); // the server gzips; we decompressed
        assertThat(first.validators().etag()).isNotBlank();
        assertThat(first.validators().lastModified()).isEqualTo("Fri, 20 Nov 2026 10:00:00 GMT");

        FetchResult second = fetcher.fetch(server.uri("/feed.xml"), first.validators());
        assertThat(second.notModified()).isTrue();
        assertThat(second.body()).isEmpty();

        FetchResult byDate = fetcher.fetch(server.uri("/feed.xml"), new Validators(null, first.validators().lastModified()));
        assertThat(byDate.notModified()).isTrue();
    }

    @Test
    void followsABoundedNumberOfRedirectsOverHttpOnly() throws Exception {
        FetchResult redirected = fetcher.fetch(server.uri("/redirect"), Validators.NONE);
        assertThat(redirected.finalUri().getPath()).isEqualTo("/feed.xml");
        assertThat(new String(redirected.body())).isEqualTo(FEED);

        assertFails("/loop", FetchException.Reason.REDIRECT, "more than 5 redirects");
        assertFails("/to-file", FetchException.Reason.REDIRECT, "only http and https");
        assertFails("/to-javascript", FetchException.Reason.REDIRECT, "only http and https");
    }

    @Test
    void serverErrorsAreOneLineAndCarryRetryAfter() {
        assertThatThrownBy(() -> fetcher.fetch(server.uri("/503"), Validators.NONE))
                .isInstanceOfSatisfying(FetchException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FetchException.Reason.HTTP_STATUS);
                    assertThat(e.getMessage()).isEqualTo("HTTP 503 from 127.0.0.1");
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
                });
        assertFails("/500-with-body", FetchException.Reason.HTTP_STATUS, "HTTP 500");
        assertFails("/nothing-here", FetchException.Reason.NOT_FOUND, "HTTP 404");
    }

    @Test
    void slowServersAreCutOffByTheWholeFetchDeadline() {
        assertFails("/slow-headers", FetchException.Reason.TIMEOUT, "no complete response within 3000 ms");
        assertFails("/drip", FetchException.Reason.TIMEOUT, "no complete response within 3000 ms");
    }

    @Test
    void oversizedBodiesAreRefusedWithoutBeingHeld() {
        assertFails("/huge-declared", FetchException.Reason.TOO_LARGE, "body larger than the 1048576-byte limit");
        assertFails("/huge-chunked", FetchException.Reason.TOO_LARGE, "body larger than the 1048576-byte limit");
        assertFails("/gzip-bomb", FetchException.Reason.TOO_LARGE, "after gzip decompression");
    }

    @Test
    void onlyHttpUrlsAreFetchedAndRedirectsMayNotReachInternalAddresses() {
        assertThatThrownBy(() -> fetcher.fetch(java.net.URI.create("ftp://example.com/feed"), Validators.NONE))
                .isInstanceOf(FetchException.class).hasMessageContaining("only http and https");
        assertThat(HttpFeedFetcher.isInternal("169.254.169.254")).isTrue();
        assertThat(HttpFeedFetcher.isInternal("10.0.0.1")).isTrue();
        assertThat(HttpFeedFetcher.isInternal("[::1]")).isTrue();
        assertThat(HttpFeedFetcher.isInternal("feeds.finance.yahoo.com")).isFalse();
        assertThat(HttpFeedFetcher.isInternal("8.8.8.8")).isFalse();
    }

    private static void assertFails(String path, FetchException.Reason reason, String message) {
        assertThatThrownBy(() -> fetcher.fetch(server.uri(path), Validators.NONE))
                .as(path)
                .isInstanceOfSatisfying(FetchException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).contains(message).doesNotContain("\n");
                });
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.sendResponseHeaders(302, -1);
    }

    static void streamZeros(OutputStream out, long total) {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        try (out) {
            for (long sent = 0; sent < total; sent += chunk.length) {
                out.write(chunk);
            }
        } catch (IOException e) {
            // the client hung up: expected
        }
    }

    static byte[] gzipOfZeros(long size) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            byte[] chunk = new byte[1024 * 1024];
            for (long i = 0; i < size; i += chunk.length) {
                gz.write(chunk);
            }
        }
        return bytes.toByteArray();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
