package io.qvit.engine.quant;

import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A site pattern of a quantization recipe and how specific it is. Forms, from least to most
 * specific: {@code default} (every site); a pattern with {@code *} and no scope
 * ({@code *.weight}); a role ({@code attn.probs}: that role in every block); a scoped pattern with
 * {@code *} ({@code blocks.1*.fc2.input}); a full site id ({@code blocks.11.fc2.input}). Rules
 * apply from least to most specific, so a narrower rule always overrides a broader one whatever
 * their order in the file; among equally specific rules the later wins.
 */
public final class SitePattern {
    /** The pattern that matches every site. */
    public static final String DEFAULT = "default";

    private final String text;
    private final Pattern regex;
    private final int specificity;

    private SitePattern(String text, Pattern regex, int specificity) {
        this.text = text;
        this.regex = regex;
        this.specificity = specificity;
    }

    /** Parses a pattern. */
    public static SitePattern of(String text) {
        if (text.equals(DEFAULT)) {
            return new SitePattern(text, Pattern.compile(".*"), 0);
        }
        if (isRole(text)) {
            return new SitePattern(text, Pattern.compile("(?:.*\\.)?" + Pattern.quote(text)), 2);
        }
        String glob = Arrays.stream(text.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
        if (!text.contains("*")) {
            return new SitePattern(text, Pattern.compile(glob), 4);
        }
        return new SitePattern(text, Pattern.compile(glob), text.startsWith("*") ? 1 : 3);
    }

    private static boolean isRole(String text) {
        return Arrays.stream(SiteRole.values()).anyMatch(r -> r.key().equals(text));
    }

    /** True if the pattern applies to {@code site}. */
    public boolean matches(QuantSite site) {
        return regex.matcher(site.id()).matches();
    }

    /** 0 (default) to 4 (a full site id). */
    public int specificity() {
        return specificity;
    }

    @Override
    public String toString() {
        return text;
    }
}
