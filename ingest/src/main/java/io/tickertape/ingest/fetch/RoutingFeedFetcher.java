package io.tickertape.ingest.fetch;

import java.net.URI;
import java.util.Locale;

/** http(s) to the HTTP fetcher, {@code file:} to the file fetcher; anything else is refused. */
public final class RoutingFeedFetcher implements FeedFetcher, AutoCloseable {

    private final HttpFeedFetcher http;
    private final FileFeedFetcher files;

    public RoutingFeedFetcher(FetchLimits limits) {
        this.http = new HttpFeedFetcher(limits);
        this.files = new FileFeedFetcher(limits.maxBodyBytes());
    }

    @Override
    public FetchResult fetch(URI uri, Validators validators) throws FetchException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("file") ? files.fetch(uri, validators) : http.fetch(uri, validators);
    }

    @Override
    public void close() {
        http.close();
    }
}
