package io.tickertape.topology.errors;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * A record the producer refuses because of the record itself (too large for the broker, or it cannot be
 * serialized) goes to {@code news.dlq} with the source record that caused it, and processing resumes: without
 * this the default handler fails the task, which then fails again on the same input forever. Every other
 * production error (the broker, the network) fails the task, so it is retried rather than skipped.
 */
public final class DeadLetterProductionHandler implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProductionHandler.class);
    private DeadLetterRouting routing;

    @Override
    public void configure(Map<String, ?> configs) {
        routing = DeadLetterRouting.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (!(exception instanceof RecordTooLargeException)) {
            return Response.fail();
        }
        LOG.warn("record {}-{}@{} made a record for {} that the broker cannot take; dead-lettered: {}", context.topic(),
                context.partition(), context.offset(), record.topic(), exception.getMessage());
        return Response.resume(routing.route("production", context, context.sourceRawKey(), context.sourceRawValue(), exception));
    }

    @Override
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        LOG.warn("record {}-{}@{} could not be serialized for {} ({}); dead-lettered: {}", context.topic(),
                context.partition(), context.offset(), record.topic(), origin, exception.getMessage());
        return Response.resume(routing.route("serialization", context, context.sourceRawKey(), context.sourceRawValue(), exception));
    }
}
