package io.tickertape.ingest.articles;

import crawlercommons.filters.basic.BasicURLNormalizer;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Makes links safe and comparable: resolves relative links against a base, keeps only absolute http(s) URLs with a
 * host, lower-cases scheme and host, drops default ports, the fragment and tracking parameters ({@code utm_*},
 * {@code fbclid}, ...), and sorts the remaining query parameters so the same article gets the same URL.
 * <p>
 * Scheme, host, port and path are normalised by crawler-commons' {@link BasicURLNormalizer}: internationalised hosts
 * ({@code bücher.example}) become punycode ({@code xn--bcher-kva.example}, so both spellings are one article), hosts
 * that {@link URI} cannot parse as a server ({@code my_host.example}) are kept, dot segments are removed
 * ({@code /a/../b} is {@code /b}), percent-escapes of unreserved characters are decoded and the others upper-cased,
 * and a trailing dot on the host is dropped. The query is ours: tracking parameters are removed (case-insensitively,
 * by name and by prefix) and the remaining {@code name=value} pairs are kept byte for byte and sorted as strings, so
 * the canonical URL (and the article id derived from it) of an ordinary link is what it was before the normaliser.
 */
public final class UrlCanonicalizer {

    /**
     * Parameters that only say where a click came from. Compared case-insensitively. Deliberately conservative:
     * dropping a parameter that does identify the page would merge two articles into one id and lose one.
     */
    private static final Set<String> TRACKING = Set.of(
            "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid", "mc_cid", "mc_eid",
            "mkt_tok", "_hsenc", "_hsmi", "hsctatracking", "oly_anon_id", "oly_enc_id", "vero_id", "ncid", "cmpid",
            "cmp", "taid", "guccounter", "guce_referrer", "guce_referrer_sig", "soc_src", "soc_trk", "sr_share",
            "xtor", "ito", "ref_src", "yptr", ".tsrc", "tsrc", "__twitter_impression", "s_cid", "sref", "smid",
            "traffic_source", "ocid");

    /** Prefixes of tracking parameter families. */
    private static final List<String> TRACKING_PREFIXES = List.of("utm_", "pk_", "at_", "mtm_", "hmb_", "__hs", "_ga");

    private static final int MAX_URL_LENGTH = 2048;

    /** Punycode hosts; removes no query parameter (the query is handled by {@link #cleanQuery}). Thread-safe. */
    private static final BasicURLNormalizer NORMALIZER = BasicURLNormalizer.newBuilder()
            .idnNormalization(BasicURLNormalizer.IdnNormalization.PUNYCODE)
            .build();

    private UrlCanonicalizer() {
    }

    /**
     * @param link  as the feed wrote it, possibly relative; may be null
     * @param bases tried in order for a relative link (item xml:base, channel link, feed URL); nulls are skipped
     * @return the canonical absolute http(s) URL, or empty when there is none that is safe
     */
    public static Optional<String> canonical(String link, String... bases) {
        Optional<URI> absolute = absolute(link, bases);
        return absolute.flatMap(UrlCanonicalizer::canonicalize);
    }

    static Optional<URI> absolute(String link, String... bases) {
        if (link == null) {
            return Optional.empty();
        }
        String trimmed = link.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_URL_LENGTH || trimmed.chars().anyMatch(c -> c < 0x20)) {
            return Optional.empty();
        }
        URI uri = parse(trimmed);
        if (uri == null) {
            return Optional.empty();
        }
        if (!uri.isAbsolute()) {
            URI resolved = null;
            for (String base : bases) {
                URI b = base == null ? null : parse(base.strip());
                if (b != null && b.isAbsolute() && isHttp(b)) {
                    try {
                        resolved = b.resolve(uri);
                        break;
                    } catch (IllegalArgumentException ignored) {
                        // try the next base
                    }
                }
            }
            uri = resolved;
        }
        // Not getHost(): URI has none for IDN and underscore hosts, which it parses as a registry-based authority.
        if (uri == null || !isHttp(uri) || uri.getRawAuthority() == null || uri.getRawAuthority().isBlank()) {
            return Optional.empty(); // javascript:, data:, mailto:, or no usable base
        }
        return Optional.of(uri);
    }

    private static Optional<String> canonicalize(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        // The fragment and the query are left out: the normaliser would sort the query by name only and drop empty
        // values' '=', which would change the ids of ordinary links.
        String normalized = NORMALIZER.filter(uri.getScheme() + "://" + uri.getRawAuthority() + path);
        if (normalized == null) {
            return Optional.empty(); // a host that is not a host name (e.g. an invalid IDN label)
        }
        URI n = parse(normalized);
        if (n == null || !isHttp(n) || n.getRawAuthority() == null || n.getRawAuthority().isBlank()
                || n.getRawAuthority().contains("@") || n.getRawQuery() != null || n.getRawFragment() != null) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder(n.getScheme().toLowerCase(Locale.ROOT)).append("://")
                .append(n.getRawAuthority().toLowerCase(Locale.ROOT));
        out.append(n.getRawPath() == null || n.getRawPath().isEmpty() ? "/" : n.getRawPath());
        String query = cleanQuery(uri.getRawQuery());
        if (!query.isEmpty()) {
            out.append('?').append(query);
        }
        return Optional.of(out.toString());
    }

    private static String cleanQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String> kept = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = (eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
            if (!isTracking(name)) {
                kept.add(pair);
            }
        }
        kept.sort(null);
        return String.join("&", kept);
    }

    static boolean isTracking(String name) {
        if (TRACKING.contains(name)) {
            return true;
        }
        for (String prefix : TRACKING_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isHttp(URI uri) {
        String s = uri.getScheme();
        return s != null && (s.equalsIgnoreCase("http") || s.equalsIgnoreCase("https"));
    }

    private static URI parse(String s) {
        try {
            return new URI(s);
        } catch (URISyntaxException e) {
            // Feeds often carry unescaped spaces or pipes; escape the few common ones and try once more.
            try {
                return new URI(s.replace(" ", "%20").replace("|", "%7C").replace("\"", "%22")
                        .replace("<", "%3C").replace(">", "%3E").replace("{", "%7B").replace("}", "%7D")
                        .replace("^", "%5E").replace("`", "%60"));
            } catch (URISyntaxException e2) {
                return null;
            }
        }
    }
}
