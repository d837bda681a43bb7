package io.tickertape.events;

import io.tickertape.events.topics.Topics;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterTest {

    private static DeadLetter of(byte[] value) {
        return DeadLetter.of("processing", "news.articles", 2, 41L, "k".getBytes(StandardCharsets.UTF_8), value,
                new IllegalArgumentException("too big\nsecond line"), "size-gate", "app", Instant.parse("2026-12-06T12:00:00Z"));
    }

    @Test
    void aValueOverTheLimitKeepsAValidUtf8PrefixAndRecordsItsFullSize() {
        // 3-byte characters, so the limit falls inside one: the prefix must end on a character boundary.
        byte[] value = "€".repeat(100_000).getBytes(StandardCharsets.UTF_8); // 300,000 bytes
        DeadLetter d = of(value);
        assertThat(d.encoding()).isEqualTo("utf-8");
        assertThat(d.valueBytes()).isEqualTo(300_000);
        assertThat(d.value()).matches("€+");
        assertThat(d.value().getBytes(StandardCharsets.UTF_8).length).isEqualTo(262_143); // 87,381 whole characters
        assertThat(d.errorMessage()).isEqualTo("too big");
    }

    @Test
    void aSmallValueIsKeptWhole() {
        DeadLetter d = of("{\"schemaVersion\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(d.value()).isEqualTo("{\"schemaVersion\":1}");
        assertThat(d.valueBytes()).isEqualTo(19);
    }

    @Test
    void aDeadLetterWrittenBeforeValueBytesExistedStillReads() {
        String old = """
                {"schemaVersion":1,"stage":"deserialization","sourceTopic":"news.articles","partition":0,"offset":5,
                 "key":"poison","value":"not json","encoding":"utf-8","errorClass":"x","errorMessage":"m",
                 "processor":null,"applicationId":"app","failedAt":"2026-11-30T10:00:00Z"}""";
        DeadLetter d = Topics.withPrefix("").deadLetters().valueSerde().deserializer()
                .deserialize("news.dlq", old.getBytes(StandardCharsets.UTF_8));
        assertThat(d.value()).isEqualTo("not json");
        assertThat(d.valueBytes()).isNull();
    }
}
