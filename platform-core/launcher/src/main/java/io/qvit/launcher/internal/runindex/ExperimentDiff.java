package io.qvit.launcher.internal.runindex;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The keys in which two resolved experiments differ: both documents flattened to dotted paths
 * ({@code quantization.sites.default.bits}, arrays as {@code [i]}), compared leaf by leaf.
 */
public final class ExperimentDiff {
    private ExperimentDiff() {
    }

    /** Key → {left, right} for every leaf that differs (a missing leaf is {@code -}). */
    public static Map<String, String[]> of(JsonNode left, JsonNode right) {
        Map<String, String> a = new TreeMap<>();
        Map<String, String> b = new TreeMap<>();
        flatten("", left, a);
        flatten("", right, b);
        Map<String, String[]> out = new TreeMap<>();
        for (String key : new TreeSet<String>() {
            {
                addAll(a.keySet());
                addAll(b.keySet());
            }
        }) {
            String x = a.getOrDefault(key, "-");
            String y = b.getOrDefault(key, "-");
            if (!x.equals(y)) {
                out.put(key, new String[] {x, y});
            }
        }
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node == null || node.isMissingNode()) {
            return;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), out);
            }
        } else {
            out.put(prefix, node.isNull() ? "null" : node.asText());
        }
    }
}
