package io.tickertape.ingest.parsing;

import com.rometools.rome.feed.WireFeed;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.rss.Item;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.impl.XmlFixerReader;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Bytes to {@link ParsedFeed}, safely. The document is decoded by {@link FeedDecoder}, checked for HTML and DTDs,
 * parsed whole into a DOM by a hardened JDK parser (no DTDs, no external entities, no XInclude, secure processing),
 * then handed to ROME; news sitemaps ({@code <urlset>}) are read from the DOM directly. Because the whole document
 * must be well-formed before any item is read, a truncated document fails as a whole: never a half-parsed item.
 * Thread-safe.
 */
public final class FeedParser {

    /** Items read from one document; the rest are ignored (a feed is a window on recent news, not an archive). */
    public static final int MAX_ITEMS = 2000;
    /** Element nesting allowed; real feeds (including XHTML content) stay far below it. */
    public static final int MAX_DEPTH = 200;

    private static final String XML_NS = "http://www.w3.org/XML/1998/namespace";
    private static final String NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9";
    private static final List<String> DATE_ELEMENTS = List.of("pubDate", "published", "issued", "date", "created", "updated", "modified");

    private final DocumentBuilderFactory factory;

    public FeedParser() {
        this.factory = hardenedFactory();
    }

    /** The JDK's own parser with every external-resource and DTD feature off. */
    static DocumentBuilderFactory hardenedFactory() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
            f.setNamespaceAware(true);
            f.setValidating(false);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            // Feeds are shallow; a 100,000-deep document exists only to overflow the stack of whoever walks it.
            f.setAttribute("jdk.xml.maxElementDepth", String.valueOf(MAX_DEPTH));
            return f;
        } catch (ParserConfigurationException | IllegalArgumentException e) {
            throw new IllegalStateException("the JDK XML parser does not support the hardening features", e);
        }
    }

    /**
     * @param body         the (decompressed) body
     * @param contentType  the HTTP Content-Type, or null
     * @param location     where it came from, for messages and as the last-resort base of relative links
     */
    public ParsedFeed parse(byte[] body, String contentType, URI location) throws FeedParseException {
        if (isBlank(body)) {
            throw new FeedParseException(FeedParseException.Kind.EMPTY, "empty body (" + body.length + " bytes) where a feed was expected");
        }
        DecodedFeed decoded = FeedDecoder.decode(body, contentType);
        String text = Prolog.check(decoded.text(), contentType);
        Document document = parseXml(text);
        Element root = document.getDocumentElement();
        String rootName = root.getLocalName() == null ? root.getNodeName() : root.getLocalName();
        String how = decoded.charset().name() + " (" + decoded.how() + ")";
        return switch (rootName.toLowerCase(Locale.ROOT)) {
            case "rss", "rdf", "feed" -> viaRome(document, how);
            case "urlset" -> NewsSitemap.read(root, how);
            case "html" -> throw new FeedParseException(FeedParseException.Kind.HTML, "got an HTML page, not a feed");
            default -> throw new FeedParseException(FeedParseException.Kind.NOT_A_FEED,
                    "not a feed: the document's root element is <" + Prolog.abbreviate(root.getNodeName()) + ">");
        };
    }

    private Document parseXml(String text) throws FeedParseException {
        try {
            DocumentBuilder builder;
            synchronized (factory) { // factories are not guaranteed thread-safe; builders are per parse
                builder = factory.newDocumentBuilder();
            }
            builder.setErrorHandler(THROWING); // the default handler prints to stderr
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity refused: " + systemId);
            });
            // XmlFixerReader turns HTML entities (&nbsp;, &eacute;) into character references, as ROME's healer does.
            return builder.parse(new InputSource(new XmlFixerReader(new StringReader(text))));
        } catch (StackOverflowError e) { // defence in depth: the depth limit should stop it first
            throw new FeedParseException(FeedParseException.Kind.MALFORMED, "refused: elements nested too deeply");
        } catch (SAXParseException e) {
            String message = e.getMessage() == null ? "malformed XML" : e.getMessage();
            if (message.contains("maxElementDepth")) {
                throw new FeedParseException(FeedParseException.Kind.MALFORMED, "refused: elements nested deeper than " + MAX_DEPTH, e);
            }
            if (message.contains("DOCTYPE")) {
                throw new FeedParseException(FeedParseException.Kind.DOCTYPE, "refused: the document declares a DTD", e);
            }
            throw new FeedParseException(FeedParseException.Kind.MALFORMED,
                    "malformed XML at line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": " + Prolog.abbreviate(message), e);
        } catch (SAXException e) {
            throw new FeedParseException(FeedParseException.Kind.MALFORMED, "malformed XML: " + Prolog.abbreviate(e.getMessage()), e);
        } catch (IOException | ParserConfigurationException e) {
            throw new FeedParseException(FeedParseException.Kind.MALFORMED, "cannot parse: " + Prolog.abbreviate(e.getMessage()), e);
        }
    }

    private static ParsedFeed viaRome(Document document, String how) throws FeedParseException {
        List<Element> itemElements = itemElements(document.getDocumentElement());
        if (itemElements.size() > MAX_ITEMS) {
            // Drop the excess before ROME builds an object per item: a 100k-item document costs what 2k items do.
            for (Element extra : itemElements.subList(MAX_ITEMS, itemElements.size())) {
                extra.getParentNode().removeChild(extra);
            }
            itemElements = itemElements.subList(0, MAX_ITEMS);
        }
        SyndFeed feed;
        try {
            SyndFeedInput input = new SyndFeedInput();
            input.setAllowDoctypes(false);
            input.setPreserveWireFeed(true); // keeps RSS isPermaLink and the Atom id, which the Synd model blurs
            feed = input.build(document);
        } catch (FeedException | IllegalArgumentException e) {
            throw new FeedParseException(FeedParseException.Kind.NOT_A_FEED, "not a feed ROME can read: " + Prolog.abbreviate(e.getMessage()), e);
        }
        List<SyndEntry> entries = feed.getEntries();
        // ROME keeps document order; the DOM side only adds what ROME drops (raw dates, xml:base, symbol tags).
        boolean aligned = itemElements.size() == entries.size();
        List<RawItem> items = new ArrayList<>(Math.min(entries.size(), MAX_ITEMS));
        for (int i = 0; i < entries.size() && i < MAX_ITEMS; i++) {
            SyndEntry entry = entries.get(i);
            Element element = aligned ? itemElements.get(i) : null;
            String guid = null;
            boolean permaLink = false;
            Object wire = entry.getWireEntry();
            if (wire instanceof Item item && item.getGuid() != null) {
                guid = item.getGuid().getValue();
                permaLink = item.getGuid().isPermaLink();
            } else if (wire instanceof Entry atom) {
                guid = atom.getId();
            } else if (entry.getUri() != null && !entry.getUri().equals(entry.getLink())) {
                guid = entry.getUri();
            }
            Date romeDate = entry.getPublishedDate() != null ? entry.getPublishedDate() : entry.getUpdatedDate();
            items.add(new RawItem(
                    guid,
                    permaLink,
                    entry.getLink(),
                    entry.getTitle(),
                    summary(entry),
                    element == null ? null : rawDate(element),
                    romeDate == null ? null : romeDate.toInstant(),
                    element == null ? null : xmlBase(element),
                    element == null ? List.of() : symbolCategories(element)));
        }
        WireFeed wireFeed = feed.originalWireFeed();
        return new ParsedFeed(wireFeed != null ? wireFeed.getFeedType() : feed.getFeedType(), feed.getTitle(), feed.getLink(), items, how);
    }

    private static String summary(SyndEntry entry) {
        SyndContent description = entry.getDescription();
        if (description != null && description.getValue() != null && !description.getValue().isBlank()) {
            return description.getValue();
        }
        for (SyndContent content : entry.getContents()) {
            if (content.getValue() != null && !content.getValue().isBlank()) {
                return content.getValue();
            }
        }
        return null;
    }

    /** RSS 2.0 {@code channel/item}, RSS 0.9x/1.0 {@code item} under the root, Atom {@code entry}: document order. */
    private static List<Element> itemElements(Element root) {
        List<Element> out = new ArrayList<>();
        for (Element child : children(root)) {
            String name = child.getLocalName();
            if ("entry".equals(name) || "item".equals(name)) {
                out.add(child);
            } else if ("channel".equals(name)) {
                for (Element grandChild : children(child)) {
                    if ("item".equals(grandChild.getLocalName())) {
                        out.add(grandChild);
                    }
                }
            }
        }
        return out;
    }

    private static String rawDate(Element item) {
        for (String wanted : DATE_ELEMENTS) {
            for (Element child : children(item)) {
                if (wanted.equals(child.getLocalName())) {
                    String text = child.getTextContent();
                    if (text != null && !text.isBlank()) {
                        return text.strip();
                    }
                }
            }
        }
        return null;
    }

    /** The item's effective xml:base: innermost attribute resolved against the ones around it. */
    static String xmlBase(Element element) {
        List<String> bases = new ArrayList<>();
        for (Node n = element; n instanceof Element e; n = n.getParentNode()) {
            String base = e.getAttributeNS(XML_NS, "base");
            if (base != null && !base.isBlank()) {
                bases.add(base.strip());
            }
        }
        URI resolved = null;
        for (int i = bases.size() - 1; i >= 0; i--) {
            try {
                URI next = new URI(bases.get(i));
                resolved = resolved == null ? next : resolved.resolve(next);
            } catch (java.net.URISyntaxException | IllegalArgumentException ignored) {
                // an unusable xml:base is skipped, not fatal
            }
        }
        return resolved == null ? null : resolved.toString();
    }

    /** Seeking Alpha's {@code <category type="symbol">AAPL</category>}, which ROME drops the attribute of. */
    private static List<String> symbolCategories(Element item) {
        Set<String> out = new LinkedHashSet<>();
        for (Element child : children(item)) {
            if ("category".equals(child.getLocalName()) && "symbol".equalsIgnoreCase(child.getAttribute("type"))) {
                out.add(child.getTextContent().strip());
            }
        }
        return List.copyOf(out);
    }

    static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    static Element child(Element parent, String namespace, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())
                    && (namespace == null || namespace.equals(e.getNamespaceURI()))) {
                return e;
            }
        }
        return null;
    }

    static String text(Element parent, String namespace, String localName) {
        Element e = parent == null ? null : child(parent, namespace, localName);
        if (e == null) {
            return null;
        }
        String t = e.getTextContent();
        return t == null || t.isBlank() ? null : t.strip();
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    private static final ErrorHandler THROWING = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    /** Google News sitemaps: {@code <url><loc/><news:news><news:title/>...}. */
    static final class NewsSitemap {
        private NewsSitemap() {
        }

        static ParsedFeed read(Element urlset, String how) throws FeedParseException {
            List<RawItem> items = new ArrayList<>();
            String publication = null;
            for (Element url : children(urlset)) {
                if (items.size() >= MAX_ITEMS) {
                    break;
                }
                if (!"url".equals(url.getLocalName())) {
                    continue;
                }
                Element news = child(url, NEWS_NS, "news");
                String loc = text(url, null, "loc");
                String title = text(news, NEWS_NS, "title");
                if (news == null || loc == null || title == null) {
                    continue; // a plain sitemap entry: no headline to score
                }
                if (publication == null) {
                    publication = text(child(news, NEWS_NS, "publication"), NEWS_NS, "name");
                }
                items.add(new RawItem(null, false, loc, title, null, text(news, NEWS_NS, "publication_date"), null,
                        xmlBase(url), stockTickers(text(news, NEWS_NS, "stock_tickers"))));
            }
            if (items.isEmpty() && !children(urlset).isEmpty()) {
                throw new FeedParseException(FeedParseException.Kind.NOT_A_FEED, "a sitemap without news entries, not a news feed");
            }
            return new ParsedFeed("news-sitemap", publication, null, items, how);
        }

        /** {@code "NASDAQ:GOOGL, LON:BP/"}: the symbol after the exchange prefix. */
        private static List<String> stockTickers(String text) {
            if (text == null) {
                return List.of();
            }
            Set<String> out = new LinkedHashSet<>();
            for (String part : text.split(",")) {
                String p = part.strip();
                int colon = p.lastIndexOf(':');
                if (colon >= 0) {
                    p = p.substring(colon + 1);
                }
                p = p.replaceAll("[/\\s]+$", "");
                if (!p.isEmpty()) {
                    out.add(p);
                }
            }
            return List.copyOf(out);
        }
    }
}
