package io.qvit.launcher.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds plugin ids provided by more than one bundle. A third-party bundle that declares
 * {@code @QvitPlugin(id = "uniform")} must never silently replace the shipped {@code uniform}:
 * every provider of a clashing kind and id becomes {@link PluginState#CONFLICT}, naming the others,
 * and none of them is used until one is removed.
 */
final class PluginConflicts {
    private PluginConflicts() {
    }

    /** {@code records} with every active row whose kind and id another bundle's active row shares marked as a conflict. */
    static List<PluginRecord> mark(List<PluginRecord> records) {
        Map<String, List<PluginRecord>> byKey = new LinkedHashMap<>();
        for (PluginRecord r : records) {
            if (r.state() == PluginState.ACTIVE && !"bundle".equals(r.kind())) {
                byKey.computeIfAbsent(r.kind() + ":" + r.id(), k -> new ArrayList<>()).add(r);
            }
        }
        List<PluginRecord> out = new ArrayList<>(records.size());
        for (PluginRecord r : records) {
            List<PluginRecord> same = byKey.get(r.kind() + ":" + r.id());
            if (r.state() != PluginState.ACTIVE || same == null
                    || same.stream().map(PluginRecord::location).distinct().count() < 2) {
                out.add(r);
                continue;
            }
            List<String> others = same.stream().filter(o -> !o.location().equals(r.location()))
                    .map(o -> o.bundle() + " " + o.version() + " (" + o.location() + ")").toList();
            out.add(new PluginRecord(r.id(), r.kind(), r.version(), r.citation(), PluginState.CONFLICT,
                    "id '" + r.id() + "' is also provided by " + String.join(", ", others)
                            + "; neither is used until one is removed (qvit plugins remove)",
                    r.bundle(), r.location()));
        }
        return out;
    }
}
