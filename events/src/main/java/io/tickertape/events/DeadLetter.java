package io.tickertape.events;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;

/**
 * A record the app could not handle, with where it came from and why: the value of {@code news.dlq}.
 * The original bytes are kept (as UTF-8 text when they are valid UTF-8, else Base64) so nothing is lost.
 *
 * @param stage         deserialization, processing or production
 * @param sourceTopic   topic of the failing record
 * @param partition     its partition, or -1 when unknown
 * @param offset        its offset, or -1 when unknown
 * @param key           the record key as text (UTF-8 or Base64, see {@code encoding})
 * @param value         the record value as text (UTF-8 or Base64, see {@code encoding})
 * @param encoding      utf-8 or base64
 * @param errorClass    exception class
 * @param errorMessage  exception message, first line
 * @param processor     the processor node that failed, when known
 * @param valueBytes    the size of the original value (null in dead letters written before it existed); when it exceeds {@link #MAX_KEPT_VALUE_BYTES} only that
 *                      many bytes are kept here (so the dead letter itself fits on the topic) and the whole
 *                      record stays at sourceTopic/partition/offset for its retention
 */
public record DeadLetter(
        int schemaVersion,
        String stage,
        String sourceTopic,
        int partition,
        long offset,
        String key,
        String value,
        String encoding,
        String errorClass,
        String errorMessage,
        String processor,
        String applicationId,
        Instant failedAt,
        Integer valueBytes) implements Versioned {

    public static final int SCHEMA_VERSION = 1;
    /** 256 KiB: even escaped twice over, a dead letter stays far below the broker's 1 MB message limit. */
    public static final int MAX_KEPT_VALUE_BYTES = 256 * 1024;

    /** Builds a dead letter from raw bytes, choosing a lossless text encoding. */
    public static DeadLetter of(String stage, String sourceTopic, int partition, long offset, byte[] key, byte[] value,
                                Throwable error, String processor, String applicationId, Instant failedAt) {
        int valueBytes = value == null ? 0 : value.length;
        if (value != null && value.length > MAX_KEPT_VALUE_BYTES) {
            value = utf8Prefix(value, MAX_KEPT_VALUE_BYTES);
        }
        boolean utf8 = isUtf8(key) && isUtf8(value);
        String message = error.getMessage() == null ? "" : error.getMessage().lines().findFirst().orElse("");
        return new DeadLetter(SCHEMA_VERSION, stage, sourceTopic, partition, offset, encode(key, utf8),
                encode(value, utf8), utf8 ? "utf-8" : "base64", error.getClass().getName(),
                message.length() > 2000 ? message.substring(0, 2000) : message, processor, applicationId, failedAt, valueBytes);
    }

    /** The first {@code max} bytes, cut back to a UTF-8 character boundary so valid text stays valid. */
    private static byte[] utf8Prefix(byte[] bytes, int max) {
        int end = max;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) { // bytes[end] continues a character that starts before it
            end--;
        }
        return java.util.Arrays.copyOf(bytes, end);
    }

    private static String encode(byte[] bytes, boolean utf8) {
        if (bytes == null) {
            return null;
        }
        return utf8 ? new String(bytes, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(bytes);
    }

    private static boolean isUtf8(byte[] bytes) {
        if (bytes == null) {
            return true;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
