package io.tickertape.ingest.fetch;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body but cancels the exchange as soon as it passes {@code maxBytes}, so a hostile server
 * can cost us at most {@code maxBytes} of memory, not the size it chooses to send.
 */
final class CappedBodySubscriber implements BodySubscriber<byte[]> {

    /** The body passed the cap; carries the cap for the message. */
    static final class TooLarge extends RuntimeException {
        final long limit;

        TooLarge(long limit) {
            super("body larger than " + limit + " bytes", null, false, false);
            this.limit = limit;
        }
    }

    private final long maxBytes;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream buffer;
    private Flow.Subscription subscription;
    private long received;

    CappedBodySubscriber(long maxBytes, long expectedLength) {
        this.maxBytes = maxBytes;
        // Size the buffer from Content-Length when it is sane, to avoid regrowth on large feeds.
        int initial = expectedLength > 0 && expectedLength <= maxBytes ? (int) expectedLength : 16 * 1024;
        this.buffer = new ByteArrayOutputStream(initial);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            received += item.remaining();
            if (received > maxBytes) {
                subscription.cancel();
                result.completeExceptionally(new TooLarge(maxBytes));
                return;
            }
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            buffer.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        result.complete(buffer.toByteArray());
    }
}
