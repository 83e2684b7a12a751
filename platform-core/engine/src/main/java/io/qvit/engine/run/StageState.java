package io.qvit.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Results of finished stages of a run that has not finished yet, so that a crashed run resumes
 * where it stopped. Each stage is one file, written atomically and tagged with the config hash:
 * state from a different resolved experiment is ignored.
 *
 * <p>The folder may be shared with the user's own files (an {@code --out} folder that already had
 * a {@code state/} subfolder): {@link #clear()} deletes only the files qvit wrote there (names
 * ending in {@link #SUFFIX}, and their temporary siblings), and the folder itself only when qvit
 * created it ({@link #MARKER}) and nothing else is left in it.
 */
final class StageState {
    /** The name ending of every stage file. */
    static final String SUFFIX = ".qvit-stage.json";
    /** The file that says qvit created the folder. */
    static final String MARKER = ".qvit-state";

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
        Path f = dir.resolve(stage + SUFFIX);
        if (!Files.exists(f)) {
            return null;
        }
        JsonNode node;
        try {
            node = json.readTree(f.toFile());
        } catch (IOException e) {
            return null; // a damaged state file is recomputed, like a missing one
        }
        return node != null && configHash.equals(node.path("config_hash").asText()) ? node.path("result") : null;
    }

    /** Saves the result of {@code stage}. */
    void save(String stage, JsonNode result) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            AtomicFiles.write(dir.resolve(MARKER), "qvit stage state; deleted when the run finishes\n");
        }
        ObjectNode node = json.createObjectNode();
        node.put("config_hash", configHash);
        node.set("result", result);
        AtomicFiles.write(dir.resolve(stage + SUFFIX), json.writeValueAsString(node));
    }

    /** Removes the saved stages (the run finished, or is forced to start over); never another file. */
    void clear() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                boolean ours = name.endsWith(SUFFIX) || name.startsWith(".") && name.endsWith(".tmp")
                        && name.contains(SUFFIX + ".");
                if (ours && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(p);
                }
            }
        }
        Path marker = dir.resolve(MARKER);
        if (Files.isRegularFile(marker)) {
            boolean onlyMarker;
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                onlyMarker = true;
                for (Path p : s) {
                    onlyMarker &= p.getFileName().toString().equals(MARKER);
                }
            }
            if (onlyMarker) {
                Files.deleteIfExists(marker);
                Files.deleteIfExists(dir);
            }
        }
    }
}
