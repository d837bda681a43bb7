package io.tickertape.digest.rendering;

import java.util.Objects;

/**
 * A PNG shown inline, referenced from the HTML as {@code cid:<contentId>}.
 *
 * @param contentId the Content-ID without angle brackets; only {@code [A-Za-z0-9.@-]}, so it is header-safe
 */
public record InlineImage(String contentId, String fileName, byte[] png) {
    public InlineImage {
        Objects.requireNonNull(png, "png");
        if (!contentId.matches("[A-Za-z0-9.@-]{1,200}") || !fileName.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new IllegalArgumentException("unsafe content id or file name: " + contentId + " / " + fileName);
        }
    }
}
