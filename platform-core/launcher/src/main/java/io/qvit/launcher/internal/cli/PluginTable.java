package io.qvit.launcher.internal.cli;

import io.qvit.launcher.internal.PluginRecord;
import io.qvit.launcher.internal.PluginState;
import java.util.ArrayList;
import java.util.List;

/** Renders plugin records as the aligned text table {@code qvit plugins} prints. */
final class PluginTable {
    private PluginTable() {
    }

    static String render(List<PluginRecord> records) {
        if (records.isEmpty()) {
            return "No plugins installed.";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"KIND", "ID", "VERSION", "STATE", "CITATION / ERROR"});
        for (PluginRecord r : records) {
            rows.add(new String[] {r.kind(), r.id(), r.version(), r.state().name(),
                r.state() == PluginState.ACTIVE ? r.citation() : r.error()});
        }
        int[] w = new int[4];
        for (String[] row : rows) {
            for (int i = 0; i < 4; i++) {
                w[i] = Math.max(w[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < 4; i++) {
                sb.append(String.format("%-" + w[i] + "s  ", row[i]));
            }
            sb.append(row[4]).append('\n');
        }
        return sb.toString().stripTrailing();
    }
}
