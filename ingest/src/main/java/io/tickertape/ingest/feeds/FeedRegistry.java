package io.tickertape.ingest.feeds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The list of feeds, read from YAML or JSON:
 * <pre>
 * defaults:            # optional
 *   interval: 60s
 * feeds:
 *   - name: yahoo-aapl
 *     url: https://feeds.finance.yahoo.com/rss/2.0/headline?s=AAPL&amp;region=US&amp;lang=en-US
 *     interval: 60s    # optional, else defaults.interval, else 60s
 *     enabled: true    # optional, default true
 *     ticker: AAPL     # optional; "tickers: [AAPL, MSFT]" also works
 * </pre>
 * Unknown keys are errors (a typo like {@code intervall} must not silently poll every 60 s). Relative {@code file:}
 * paths resolve against the registry file's folder.
 */
public final class FeedRegistry {

    /** The default list shipped in the jar (documented in ingest/README.md). */
    public static final String DEFAULT_RESOURCE = "/feeds/default-feeds.yaml";
    private static final int MAX_FEEDS = 100_000;
    private static final Set<String> TOP_KEYS = Set.of("defaults", "feeds");
    private static final Set<String> FEED_KEYS = Set.of("name", "url", "interval", "enabled", "ticker", "tickers", "description");

    private final List<FeedDefinition> feeds;

    public FeedRegistry(List<FeedDefinition> feeds) {
        Set<String> names = new HashSet<>();
        for (FeedDefinition f : feeds) {
            if (!names.add(f.name())) {
                throw new IllegalArgumentException("duplicate feed name: " + f.name());
            }
        }
        if (feeds.size() > MAX_FEEDS) {
            throw new IllegalArgumentException("at most " + MAX_FEEDS + " feeds, got " + feeds.size());
        }
        this.feeds = List.copyOf(feeds);
    }

    public List<FeedDefinition> all() {
        return feeds;
    }

    public List<FeedDefinition> enabled() {
        return feeds.stream().filter(FeedDefinition::enabled).toList();
    }

    public static FeedRegistry load(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".json") ? new JsonMapper() : new YAMLMapper();
        JsonNode root;
        try {
            root = mapper.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid " + (mapper instanceof YAMLMapper ? "YAML" : "JSON") + ": "
                    + e.getOriginalMessage(), e);
        }
        Path folder = file.toAbsolutePath().getParent();
        return fromTree(root, file.toString(), folder == null ? null : folder.toUri());
    }

    public static FeedRegistry defaults() {
        try (InputStream in = FeedRegistry.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the default feed list " + DEFAULT_RESOURCE + " is missing from the jar");
            }
            return fromTree(new YAMLMapper().readTree(in), DEFAULT_RESOURCE, null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the default feed list: " + e.getMessage(), e);
        }
    }

    /** Parses YAML or JSON text (for tests and for callers that hold the list in memory). */
    public static FeedRegistry parse(String yamlOrJson, String origin) {
        try {
            return fromTree(new YAMLMapper().readTree(yamlOrJson), origin, null);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(origin + ": not valid YAML/JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static FeedRegistry fromTree(JsonNode root, String origin, URI baseForFiles) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(origin + ": expected a mapping with a 'feeds' list");
        }
        checkKeys(root, TOP_KEYS, origin);
        Duration defaultInterval = FeedDefinition.DEFAULT_INTERVAL;
        JsonNode defaults = root.get("defaults");
        if (defaults != null) {
            checkKeys(defaults, Set.of("interval"), origin + ": defaults");
            if (defaults.hasNonNull("interval")) {
                defaultInterval = Durations.parse(defaults.get("interval").asText());
            }
        }
        JsonNode list = root.get("feeds");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException(origin + ": 'feeds' must be a list");
        }
        List<FeedDefinition> out = new ArrayList<>();
        int index = 0;
        for (JsonNode entry : list) {
            String where = origin + ": feeds[" + index++ + "]";
            if (!entry.isObject()) {
                throw new IllegalArgumentException(where + ": expected a mapping");
            }
            checkKeys(entry, FEED_KEYS, where);
            String name = required(entry, "name", where);
            String url = required(entry, "url", where + " (" + name + ")");
            try {
                Duration interval = entry.hasNonNull("interval") ? Durations.parse(entry.get("interval").asText()) : defaultInterval;
                boolean enabled = !entry.has("enabled") || entry.get("enabled").asBoolean(true);
                if (entry.has("enabled") && !entry.get("enabled").isBoolean()) {
                    throw new IllegalArgumentException("'enabled' must be true or false");
                }
                List<String> tickers = new ArrayList<>();
                if (entry.hasNonNull("ticker")) {
                    tickers.add(entry.get("ticker").asText());
                }
                if (entry.hasNonNull("tickers")) {
                    if (!entry.get("tickers").isArray()) {
                        throw new IllegalArgumentException("'tickers' must be a list");
                    }
                    entry.get("tickers").forEach(t -> tickers.add(t.asText()));
                }
                out.add(new FeedDefinition(name, toUri(url, baseForFiles), interval, enabled, tickers));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + " (" + name + "): " + e.getMessage(), e);
            }
        }
        try {
            return new FeedRegistry(out);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
        }
    }

    private static URI toUri(String text, URI baseForFiles) {
        try {
            URI uri = new URI(text.strip());
            if (uri.getScheme() != null && uri.getScheme().equalsIgnoreCase("file") && uri.getSchemeSpecificPart() != null
                    && !uri.getSchemeSpecificPart().startsWith("/") && baseForFiles != null) {
                return baseForFiles.resolve(uri.getSchemeSpecificPart());
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: '" + text + "'");
        }
    }

    private static String required(JsonNode entry, String key, String where) {
        JsonNode v = entry.get(key);
        if (v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": '" + key + "' is required");
        }
        return v.asText().strip();
    }

    private static void checkKeys(JsonNode node, Set<String> allowed, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown key '" + key + "' (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }
}
