package io.qvit.engine.run;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Orders sensitivity groups naturally: patch_embed, blocks.0, blocks.1, ..., blocks.10, head. */
final class SensitivityOrder {
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    /** Natural order with patch_embed first and head last. */
    static final Comparator<String> COMPARATOR = Comparator.comparingInt(SensitivityOrder::rank)
            .thenComparing(SensitivityOrder::naturalKey);

    private SensitivityOrder() {
    }

    private static int rank(String g) {
        return g.startsWith("patch_embed") ? 0 : g.startsWith("head") || g.equals("final") ? 2 : 1;
    }

    private static String naturalKey(String g) {
        Matcher m = NUMBER.matcher(g);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, String.format("%08d", Long.parseLong(m.group())));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
