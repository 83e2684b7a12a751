package io.qvit.launcher.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads an OSGi {@code Export-Package} header into package names and versions, for
 * {@code qvit --version} and the install-time API check.
 */
public final class ExportedPackages {
    private ExportedPackages() {
    }

    /** Package name to version ("0.0.0" when the clause has none), sorted by name. */
    public static SortedMap<String, String> parse(String header) {
        SortedMap<String, String> out = new TreeMap<>();
        for (String clause : clauses(header)) {
            String[] parts = clause.split(";");
            String version = "0.0.0";
            List<String> names = new ArrayList<>();
            for (String part : parts) {
                String p = part.trim();
                int eq = p.indexOf('=');
                if (eq < 0) {
                    names.add(p);
                } else if (p.substring(0, eq).trim().equals("version")) {
                    version = p.substring(eq + 1).trim().replace("\"", "");
                }
            }
            for (String n : names) {
                out.put(n, version);
            }
        }
        return out;
    }

    /** Splits a header on the commas outside quotes. */
    static List<String> clauses(String header) {
        List<String> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                out.add(cur.toString().trim());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().trim());
        }
        return out;
    }
}
