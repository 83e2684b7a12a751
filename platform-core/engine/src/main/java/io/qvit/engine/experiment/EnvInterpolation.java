package io.qvit.engine.experiment;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in every string value of an experiment
 * tree with the environment variable {@code NAME} (or the default when it is unset or empty).
 * {@code $$} stands for a literal {@code $}. An unset variable without default is an error at that
 * value.
 *
 * <p>Interpolation runs on parsed values, never on the text, so a value cannot change the
 * structure of the file. Because YAML forbids '{' and '}' inside plain scalars of flow mappings
 * ({@code model: {weights: ${QVIT_DATA}/m.safetensors}}), {@link #protect(String)} first rewrites
 * each reference into private-use marker characters that YAML accepts; the markers are resolved
 * after parsing.
 */
public final class EnvInterpolation {
    private static final char OPEN = '\uE000';
    private static final char CLOSE = '\uE001';
    // Linear time on any text: every repetition is possessive (it never gives characters back),
    // and a default or a marker's content stops at the next opening, so a line of a million
    // unclosed "${A:-" is one pass, not a million scans to its end.
    private static final Pattern REFERENCE = Pattern.compile(
            "\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*+(?:\\.[A-Za-z0-9_]++)*+(?::-[^{}\\n]*+)?)}");
    private static final Pattern MATRIX = Pattern.compile(OPEN + "matrix\\.([A-Za-z_][A-Za-z0-9_]*+(?:\\.[A-Za-z0-9_]++)*+)" + CLOSE);
    private static final Pattern LEFT = Pattern.compile(OPEN + "([^" + OPEN + CLOSE + "]*+)" + CLOSE);
    private static final Pattern VAR = Pattern.compile("\\$\\$|" + OPEN + "([A-Za-z_][A-Za-z0-9_]*+)(?::-([^" + OPEN + CLOSE
            + "]*+))?" + CLOSE);

    /** Rewrites {@code ${...}} references of raw YAML text into markers that survive YAML parsing. */
    public static String protect(String yaml) {
        Matcher m = REFERENCE.matcher(yaml);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String r = m.group().equals("$$") ? "$$" : OPEN + m.group(1) + CLOSE;
            m.appendReplacement(sb, Matcher.quoteReplacement(r));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** A matcher of the {@code ${matrix.AXIS[.FIELD]}} references of a parsed string (group 1: {@code AXIS[.FIELD]}). */
    static Matcher matrixReferences(String text) {
        return MATRIX.matcher(text);
    }

    private final Function<String, String> env;

    /** Interpolates from {@code env} (usually {@code System::getenv}). */
    public EnvInterpolation(Function<String, String> env) {
        this.env = env;
    }

    /**
     * Rewrites the strings of {@code tree} in place.
     *
     * @throws ExperimentException naming the key and the variable when one is unset
     */
    public void apply(LocatedTree tree) throws ExperimentException {
        TextLeaves.rewrite(tree.root(), "", (path, text) -> new TextNode(substitute(tree, path, text)));
    }

    /** Substitutes the variables of one string. */
    String substitute(LocatedTree tree, String path, String text) throws ExperimentException {
        if (text.indexOf('$') < 0 && text.indexOf(OPEN) < 0) {
            return text;
        }
        Matcher m = VAR.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else {
                String value = env.apply(m.group(1));
                if (value == null || value.isEmpty()) {
                    if (m.group(2) == null) {
                        throw tree.error(path, "environment variable " + m.group(1) + " is not set (used as ${"
                                + m.group(1) + "}; set it, or write ${" + m.group(1) + ":-default})");
                    }
                    value = m.group(2);
                }
                replacement = value;
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        Matcher left = LEFT.matcher(sb);
        if (left.find()) {
            String ref = left.group(1);
            throw tree.error(path, ref.startsWith("matrix.")
                    ? "${" + ref + "} is used, but this file has no 'matrix' (see docs/sweeps.md)"
                    : "${" + ref + "} is not an environment variable name (letters, digits and _)");
        }
        return sb.toString();
    }

    /** Convenience for tests: an environment backed by a map. */
    public static EnvInterpolation of(Map<String, String> vars) {
        return new EnvInterpolation(vars::get);
    }

}
