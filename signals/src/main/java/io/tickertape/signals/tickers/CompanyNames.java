package io.tickertape.signals.tickers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Name normalisation shared by the table generator and the resolver: SEC-style names to the names news uses. */
final class CompanyNames {

    /** Corporate suffixes news text may follow a name with ("Apple Inc.", "BP plc"); stripped from SEC names. */
    static final Set<String> SUFFIXES = Set.of("inc", "incorporated", "corp", "corporation", "co", "company", "cos",
            "companies", "ltd", "limited", "plc", "llc", "lp", "l.p", "n.v", "nv", "s.a", "sa", "se", "ag", "asa",
            "ab", "a/s", "spa", "s.p.a", "sab", "de", "cv", "c.v", "s.a.b", "bhd", "kk", "oyj", "nl", "gmbh", "lllp",
            "pte", "ulc", "adr", "ads", "public");

    /** Trailing words that news usually leaves out: "Alibaba Group Holding" is "Alibaba", "Cisco Systems" "Cisco". */
    static final Set<String> DROPPABLE_TAILS = Set.of("group", "holdings", "holding", "international", "intl",
            "technologies", "technology", "industries", "systems", "enterprises", "worldwide", "communications",
            "pharmaceuticals", "therapeutics", "biosciences", "brands", "incorporated", "global", "platforms",
            "stores", "laboratories", "labs", "entertainment", "interactive", "networks", "software", "motors");

    private static final Pattern STATE_TAG = Pattern.compile("\\s*[/\\\\][A-Z]{0,4}[/\\\\]?\\s*$");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private CompanyNames() {
    }

    /** "AMAZON COM INC" → "Amazon.com"; "JPMORGAN CHASE &amp; CO" → "JPMorgan Chase" is curated; this gives "Jpmorgan Chase". */
    static String cleanLegalName(String raw) {
        String s = raw.replace('\u2019', '\'').trim();
        for (int i = 0; i < 3; i++) {
            s = STATE_TAG.matcher(s).replaceAll("");
        }
        s = s.replaceAll("\\([^)]*\\)", " ").replace(",", " ").trim();
        s = SPACES.matcher(s).replaceAll(" ");
        List<String> tokens = new ArrayList<>(List.of(s.split(" ")));
        if (!tokens.isEmpty() && tokens.getFirst().equalsIgnoreCase("the")) {
            tokens.removeFirst();
        }
        // Strip trailing suffixes, "& Co", "NEW", ", The" until none is left; keep at least one token.
        for (int guard = 0; guard < 8 && tokens.size() > 1; guard++) {
            String last = tokens.getLast().toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
            if (SUFFIXES.contains(last) || last.equals("&") || last.equals("new") || last.equals("the")
                    || last.equals("and")) {
                tokens.removeLast();
            } else {
                break;
            }
        }
        if (tokens.size() >= 2 && tokens.getLast().equalsIgnoreCase("com")) {
            tokens.removeLast();
            tokens.set(tokens.size() - 1, tokens.getLast() + ".com");
        }
        String joined = String.join(" ", tokens);
        return isAllCaps(joined) ? titleCase(joined) : joined;
    }

    /** The name without droppable trailing words, or null when nothing (or everything) would be dropped. */
    static String withoutTail(String name) {
        List<String> tokens = new ArrayList<>(List.of(name.split(" ")));
        boolean dropped = false;
        for (int guard = 0; guard < 4 && tokens.size() > 1; guard++) {
            String last = tokens.getLast().toLowerCase(Locale.ROOT);
            if (DROPPABLE_TAILS.contains(last) || last.equals("&") || last.equals("and")) {
                tokens.removeLast();
                dropped = true;
            } else {
                break;
            }
        }
        return dropped ? String.join(" ", tokens) : null;
    }

    /** The name to show: SEC's legal name without state tags, title-cased when SEC shouted it. */
    static String displayName(String raw) {
        String s = raw.trim();
        for (int i = 0; i < 3; i++) {
            s = STATE_TAG.matcher(s).replaceAll("");
        }
        int letters = 0;
        int upper = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
                if (Character.isUpperCase(c)) {
                    upper++;
                }
            }
        }
        return letters > 0 && upper >= 0.7 * letters ? titleCase(s) : s;
    }

    static boolean isAllCaps(String s) {
        boolean letters = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLowerCase(c)) {
                return false;
            }
            letters |= Character.isLetter(c);
        }
        return letters;
    }

    private static final Set<String> LOWER_WORDS = Set.of("of", "and", "the", "for", "in", "on", "de", "del", "la");

    /** "EXXON MOBIL" → "Exxon Mobil"; short vowel-less tokens ("CVR", "AT&T", "3M") stay upper case. */
    static String titleCase(String s) {
        String[] tokens = s.split(" ");
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            String lower = t.toLowerCase(Locale.ROOT);
            if (i > 0) {
                out.append(' ');
            }
            String bare = lower.replaceAll("[.,]", "");
            if (i > 0 && LOWER_WORDS.contains(lower)) {
                out.append(lower);
            } else if (i > 0 && bare.equals("plc")) {
                out.append(t.endsWith(",") ? "plc," : "plc");
            } else if (i > 0 && SUFFIXES.contains(bare) && bare.length() <= 4 && !bare.equals("ag") && !bare.equals("se")
                    && !bare.equals("nv") && !bare.equals("sa")) {
                out.append(Character.toUpperCase(lower.charAt(0))).append(lower.substring(1));
            } else if (keepUpper(t)) {
                out.append(t);
            } else {
                StringBuilder w = new StringBuilder(lower);
                boolean start = true;
                for (int k = 0; k < w.length(); k++) {
                    char c = w.charAt(k);
                    if (Character.isLetter(c)) {
                        if (start) {
                            w.setCharAt(k, Character.toUpperCase(c));
                        }
                        start = false;
                    } else {
                        start = c == '-' || c == '.' || c == '/';
                    }
                }
                out.append(w);
            }
        }
        return out.toString();
    }

    private static boolean keepUpper(String t) {
        if (t.length() <= 1 || t.contains("&") || t.chars().anyMatch(Character::isDigit)) {
            return true;
        }
        String letters = t.replaceAll("[^A-Za-z]", "");
        return letters.length() <= 4 && !letters.matches(".*[AEIOUYaeiouy].*") || letters.length() <= 2;
    }

    /** Lower-cased, apostrophes unified, whitespace collapsed: the form names are matched in. */
    static String matchKey(String name) {
        return SPACES.matcher(name.replace('\u2019', '\'').toLowerCase(Locale.ROOT).trim()).replaceAll(" ");
    }
}
