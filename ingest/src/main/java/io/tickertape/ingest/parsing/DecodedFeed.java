package io.tickertape.ingest.parsing;

import java.nio.charset.Charset;

/**
 * A feed body as text.
 *
 * @param text      the characters, with any BOM removed and characters XML forbids dropped
 * @param charset   the charset actually used
 * @param how       how it was chosen: {@code bom}, {@code xml-declaration}, {@code http-header}, {@code default},
 *                  or {@code fallback} when the bytes were not valid in the declared charset
 */
public record DecodedFeed(String text, Charset charset, String how) {
}
