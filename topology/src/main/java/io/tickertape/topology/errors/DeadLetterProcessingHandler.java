package io.tickertape.topology.errors;

import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * A record that makes a processor throw goes to {@code news.dlq}, with the original source bytes, and processing
 * resumes. Errors that say the world is broken rather than the record (the database is down) are
 * {@link TransientInfrastructureException}s: those fail the task so it is retried, instead of dead-lettering
 * every record while the outage lasts.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);
    private DeadLetterRouting routing;

    @Override
    public void configure(Map<String, ?> configs) {
        routing = DeadLetterRouting.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (isTransient(exception)) {
            LOG.error("transient failure in {} for {}-{}@{}, failing the task to retry: {}", context.processorNodeId(),
                    context.topic(), context.partition(), context.offset(), exception.getMessage());
            return Response.fail();
        }
        LOG.warn("record {}-{}@{} failed in {} and was sent to the dead-letter topic: {}", context.topic(),
                context.partition(), context.offset(), context.processorNodeId(), exception.toString());
        return Response.resume(routing.route("processing", context, context.sourceRawKey(), context.sourceRawValue(),
                exception));
    }

    private static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TransientInfrastructureException) {
                return true;
            }
        }
        return false;
    }
}
