package io.tickertape.ingest.fetch;

/**
 * What the server told us last time, sent back for a conditional GET ({@code If-None-Match},
 * {@code If-Modified-Since}). Either may be null.
 */
public record Validators(String etag, String lastModified) {

    public static final Validators NONE = new Validators(null, null);

    public boolean isEmpty() {
        return etag == null && lastModified == null;
    }
}
