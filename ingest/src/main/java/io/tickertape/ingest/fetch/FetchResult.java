package io.tickertape.ingest.fetch;

import java.net.URI;
import java.util.Objects;

/**
 * The outcome of a fetch that did not fail: either a (decompressed, size-capped) body or "not modified".
 *
 * @param notModified  true for a 304: {@code body} is empty and the previous validators still hold
 * @param body         the decompressed body, never larger than the fetcher's limit
 * @param contentType  the {@code Content-Type} header, or null
 * @param validators   the validators to send next time
 * @param finalUri     where the body came from after redirects (the base for relative links)
 */
public record FetchResult(boolean notModified, byte[] body, String contentType, Validators validators, URI finalUri) {

    public FetchResult {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(validators, "validators");
        Objects.requireNonNull(finalUri, "finalUri");
    }

    public static FetchResult notModified(Validators validators, URI uri) {
        return new FetchResult(true, new byte[0], null, validators, uri);
    }
}
