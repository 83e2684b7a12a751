package io.qvit.plugins.loader.timm;

import java.util.Collection;
import java.util.Map;

/**
 * Renders pickled data for error messages within a fixed budget of characters and nesting levels,
 * so a message about a huge, deeply nested, shared or self-referencing structure stays one short
 * line and costs at most the budget to build.
 */
final class PickleText {
    /** Most characters of one rendering (an ellipsis marks the cut). */
    static final int MAX_CHARS = 200;
    private static final int MAX_LEVELS = 8;

    private PickleText() {
    }

    /** {@code o} in Python-like notation, at most about {@link #MAX_CHARS} characters. */
    static String render(Object o) {
        StringBuilder sb = new StringBuilder();
        append(sb, o, 0);
        if (sb.length() > MAX_CHARS) {
            sb.setLength(MAX_CHARS);
            sb.append("...");
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, Object o, int level) {
        if (sb.length() > MAX_CHARS) {
            return;
        }
        if (o instanceof PickleTuple t) {
            items(sb, t.items(), "(", ")", level);
        } else if (o instanceof Map<?, ?> m) {
            if (level >= MAX_LEVELS) {
                sb.append("{...}");
                return;
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (sb.length() > MAX_CHARS) {
                    break;
                }
                sb.append(first ? "" : ", ");
                first = false;
                append(sb, e.getKey(), level + 1);
                sb.append(": ");
                append(sb, e.getValue(), level + 1);
            }
            sb.append('}');
        } else if (o instanceof Collection<?> c) {
            items(sb, c, "[", "]", level);
        } else if (o instanceof String s) {
            sb.append('\'').append(s, 0, Math.min(s.length(), MAX_CHARS)).append('\'');
        } else if (o instanceof byte[] b) {
            sb.append("bytes[").append(b.length).append(']');
        } else {
            sb.append(o == null ? "None" : o.toString());
        }
    }

    private static void items(StringBuilder sb, Collection<?> items, String open, String close, int level) {
        if (level >= MAX_LEVELS) {
            sb.append(open).append("...").append(close);
            return;
        }
        sb.append(open);
        boolean first = true;
        for (Object item : items) {
            if (sb.length() > MAX_CHARS) {
                break;
            }
            sb.append(first ? "" : ", ");
            first = false;
            append(sb, item, level + 1);
        }
        sb.append(close);
    }
}
