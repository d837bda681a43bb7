package io.tickertape.ingest.fetch;

import java.net.URI;

/** Gets a feed's bytes. Implementations bound time and size; they never return a partial body. */
public interface FeedFetcher {

    FetchResult fetch(URI uri, Validators validators) throws FetchException;
}
