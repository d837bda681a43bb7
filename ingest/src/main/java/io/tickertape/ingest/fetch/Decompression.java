package io.tickertape.ingest.fetch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** gzip with a cap on the decompressed size: a 10 KB gzip bomb must not become 10 GB of heap. */
final class Decompression {

    private Decompression() {
    }

    static boolean looksGzipped(byte[] body) {
        return body.length >= 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b;
    }

    /** @throws FetchException TOO_LARGE past the cap, NETWORK when the gzip stream is corrupt or cut short */
    static byte[] gunzip(byte[] compressed, long maxBytes, String what) throws FetchException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed), 8192)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(compressed.length * 4, 1 << 20));
            byte[] chunk = new byte[16 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(chunk)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new FetchException(FetchException.Reason.TOO_LARGE,
                            what + ": body larger than " + maxBytes + " bytes after gzip decompression");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new FetchException(FetchException.Reason.NETWORK, what + ": corrupt or truncated gzip body: "
                    + e.getMessage(), null, e);
        }
    }
}
