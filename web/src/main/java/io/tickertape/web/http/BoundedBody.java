package io.tickertape.web.http;

import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Reads a request body into memory, but never more than a limit: a declared Content-Length over it is refused
 * before reading, and a chunked body is cut off at limit + 1 byte. Either way the client gets 413.
 */
public final class BoundedBody {

    private BoundedBody() {
    }

    public static byte[] read(ServerRequest req, int limit) {
        var declared = req.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > limit) {
            throw HttpProblem.tooLarge(limit);
        }
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] buf = new byte[Math.min(limit + 1, 8192)];
            int n = 0;
            while (true) {
                if (n == buf.length) {
                    if (buf.length > limit) {
                        throw HttpProblem.tooLarge(limit);
                    }
                    buf = Arrays.copyOf(buf, Math.min(limit + 1, buf.length * 2));
                }
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            if (n > limit) {
                throw HttpProblem.tooLarge(limit);
            }
            return Arrays.copyOf(buf, n);
        } catch (IOException e) {
            throw new UncheckedIOException("request body could not be read", e);
        }
    }
}
