package io.tickertape.ingest.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a feed from a local file ({@code file:} URI), with the same size cap as HTTP. The file's modification time
 * plays the part of {@code Last-Modified}, so polling an unchanged file costs no parsing.
 */
public final class FileFeedFetcher implements FeedFetcher {

    private final long maxBodyBytes;

    public FileFeedFetcher(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public FetchResult fetch(URI uri, Validators validators) throws FetchException {
        Path path;
        try {
            path = Path.of(uri);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw new FetchException(FetchException.Reason.REFUSED, "not a local file URI: " + uri);
        }
        try {
            String modified = Files.getLastModifiedTime(path).toString() + "/" + Files.size(path);
            if (modified.equals(validators.lastModified())) {
                return FetchResult.notModified(validators, uri);
            }
            if (Files.size(path) > maxBodyBytes && !path.toString().endsWith(".gz")) {
                throw new FetchException(FetchException.Reason.TOO_LARGE,
                        "file larger than the " + maxBodyBytes + "-byte limit; refused");
            }
            byte[] body;
            try (InputStream in = Files.newInputStream(path)) {
                body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            }
            if (body.length > maxBodyBytes) {
                throw new FetchException(FetchException.Reason.TOO_LARGE, "file larger than the " + maxBodyBytes + "-byte limit; refused");
            }
            if (Decompression.looksGzipped(body)) {
                body = Decompression.gunzip(body, maxBodyBytes, path.getFileName().toString());
            }
            return new FetchResult(false, body, null, new Validators(null, modified), uri);
        } catch (NoSuchFileException e) {
            throw new FetchException(FetchException.Reason.NOT_FOUND, "no such file: " + path);
        } catch (IOException e) {
            throw new FetchException(FetchException.Reason.NETWORK, "cannot read " + path + ": " + e.getMessage(), null, e);
        }
    }
}
