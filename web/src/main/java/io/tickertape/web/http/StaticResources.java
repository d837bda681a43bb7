package io.tickertape.web.http;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** A classpath file read once at start-up and served as is (the stylesheet, the OpenAPI document). */
public final class StaticResources {

    private StaticResources() {
    }

    public static io.helidon.webserver.http.Handler of(String resource, String contentType) {
        String body = read(resource);
        return (ServerRequest req, ServerResponse res) -> Responses.send(res, 200, contentType, body, true);
    }

    static String read(String resource) {
        try (InputStream in = StaticResources.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
