package io.qvit.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Results of finished stages of a run that has not finished yet, so that a crashed run resumes
 * where it stopped. Each stage is one file, written atomically and tagged with the config hash:
 * state from a different resolved experiment is ignored.
 */
final class StageState {
    private final Path dir;
    private final String configHash;
    private final ObjectMapper json;

    StageState(Path dir, String configHash, ObjectMapper json) {
        this.dir = dir;
        this.configHash = configHash;
        this.json = json;
    }

    /** The saved result of {@code stage}, or null if there is none for this config. */
    JsonNode load(String stage) throws IOException {
        Path f = dir.resolve(stage + ".json");
        if (!Files.exists(f)) {
            return null;
        }
        JsonNode node = json.readTree(f.toFile());
        return configHash.equals(node.path("config_hash").asText()) ? node.path("result") : null;
    }

    /** Saves the result of {@code stage}. */
    void save(String stage, JsonNode result) throws IOException {
        ObjectNode node = json.createObjectNode();
        node.put("config_hash", configHash);
        node.set("result", result);
        AtomicFiles.write(dir.resolve(stage + ".json"), json.writeValueAsString(node));
    }

    /** Removes all saved stages (the run finished, or is forced to start over). */
    void clear() throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
