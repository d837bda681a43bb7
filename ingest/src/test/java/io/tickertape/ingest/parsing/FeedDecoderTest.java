package io.tickertape.ingest.parsing;

import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class FeedDecoderTest {

    private static final String TEXT = "<?xml version=\"1.0\" encoding=\"%s\"?><rss>Café “quotes”</rss>";

    @Test
    void byteOrderMarksWin() {
        DecodedFeed d = FeedDecoder.decode(bytes("\uFEFF" + TEXT.formatted("ISO-8859-1"), StandardCharsets.UTF_16LE), "text/xml; charset=utf-8");
        assertThat(d.charset()).isEqualTo(StandardCharsets.UTF_16LE);
        assertThat(d.how()).isEqualTo("bom");
        assertThat(d.text()).startsWith("<?xml").contains("Café “quotes”");
    }

    @Test
    void theDeclarationBeatsTheHeaderAndLatin1MeansWindows1252() {
        DecodedFeed d = FeedDecoder.decode(bytes(TEXT.formatted("ISO-8859-1"), Charset.forName("windows-1252")), "text/xml; charset=utf-8");
        assertThat(d.how()).isEqualTo("xml-declaration");
        assertThat(d.charset().name()).isEqualTo("windows-1252");
        assertThat(d.text()).contains("Café “quotes”");
    }

    @Test
    void invalidUtf8FallsBackToWindows1252() {
        DecodedFeed d = FeedDecoder.decode(bytes(TEXT.formatted("UTF-8"), Charset.forName("windows-1252")), null);
        assertThat(d.how()).isEqualTo("fallback");
        assertThat(d.text()).contains("Café “quotes”");
    }

    @Test
    void theHeaderIsUsedWhenTheDocumentSaysNothing() {
        String undeclared = "<rss>Café</rss>";
        assertThat(FeedDecoder.decode(bytes(undeclared, StandardCharsets.UTF_8), "application/rss+xml; charset=\"utf-8\"").how())
                .isEqualTo("http-header");
        assertThat(FeedDecoder.decode(bytes(undeclared, StandardCharsets.UTF_8), null).how()).isEqualTo("default");
    }

    @Test
    void controlCharactersXmlForbidsAreDropped() {
        assertThat(FeedDecoder.decode("<rss>a\u0000b\u0007c\td</rss>".getBytes(StandardCharsets.UTF_8), null).text())
                .isEqualTo("<rss>abc\td</rss>");
    }

    @Test
    void utf16WithoutABomIsRecognised() {
        DecodedFeed d = FeedDecoder.decode(bytes(TEXT.formatted("UTF-16"), StandardCharsets.UTF_16BE), null);
        assertThat(d.charset()).isEqualTo(StandardCharsets.UTF_16BE);
        assertThat(d.text()).contains("Café “quotes”");
    }

    private static byte[] bytes(String s, Charset cs) {
        return s.getBytes(cs);
    }
}
