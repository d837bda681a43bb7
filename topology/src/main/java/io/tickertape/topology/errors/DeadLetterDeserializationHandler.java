package io.tickertape.topology.errors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/** A value that cannot be read goes to {@code news.dlq} with its bytes and the error; processing resumes. */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);
    private DeadLetterRouting routing;

    @Override
    public void configure(Map<String, ?> configs) {
        routing = DeadLetterRouting.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        LOG.warn("unreadable record {}-{}@{} sent to the dead-letter topic: {}", record.topic(), record.partition(),
                record.offset(), exception.getMessage());
        return Response.resume(routing.route("deserialization", context, record.key(), record.value(), exception));
    }
}
