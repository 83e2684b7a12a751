package io.qvit.engine.run;

import io.qvit.engine.experiment.ExperimentSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a result depends on besides the experiment file: plugins, checksums, seed, JVM, machine, commit, version. */
final class Provenance {
    private Provenance() {
    }

    static Map<String, Object> collect(ExperimentSpec spec, Map<String, String> pluginVersions, String checkpointSha) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("experiment", spec.name());
        p.put("seed", spec.seed());
        p.put("plugins", pluginVersions);
        p.put("checkpoint_sha256", checkpointSha);
        p.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        p.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        p.put("processors", Runtime.getRuntime().availableProcessors());
        p.put("qvit_commit", System.getenv().getOrDefault("QVIT_COMMIT", "unknown"));
        p.put("qvit_version", version());
        return p;
    }

    /** The engine jar's Implementation-Version (the platform's), or "development build" when run from classes. */
    static String version() {
        String v = Provenance.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }
}
