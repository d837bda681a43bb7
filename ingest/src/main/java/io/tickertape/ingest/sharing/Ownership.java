package io.tickertape.ingest.sharing;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code news.feeds} partitions this instance owns and the group generation it owns them under. Written by the
 * consumer thread (assignments, revocations, each poll), read by the poll threads when they publish: the generation
 * goes into each transaction, so the group coordinator refuses the commit of an owner that a rebalance replaced.
 */
final class Ownership {

    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private volatile ConsumerGroupMetadata generation;

    void own(TopicPartition partition, long position) {
        positions.put(partition, position);
    }

    void release(TopicPartition partition) {
        positions.remove(partition);
    }

    void releaseAll() {
        positions.clear();
    }

    boolean owns(TopicPartition partition) {
        return positions.containsKey(partition);
    }

    /** Where this instance has read the partition to; committed with each transaction as its fence token. */
    long position(TopicPartition partition) {
        Long p = positions.get(partition);
        return p == null ? 0 : p;
    }

    void advance(TopicPartition partition, long position) {
        positions.computeIfPresent(partition, (tp, old) -> Math.max(old, position));
    }

    Set<TopicPartition> partitions() {
        return Set.copyOf(positions.keySet());
    }

    ConsumerGroupMetadata generation() {
        return generation;
    }

    void generation(ConsumerGroupMetadata metadata) {
        this.generation = metadata;
    }
}
