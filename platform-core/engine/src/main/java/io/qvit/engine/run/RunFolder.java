package io.qvit.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A run folder held by one run: locked ({@value #LOCK}, an OS file lock, so a second run into the
 * same folder is refused at once) and marked ({@value #MARKER}: the experiment name, its config
 * hash and, once finished, the files the run wrote). A folder that holds another experiment's
 * results (another name) is refused unless forced; when forced, or when the folder holds an
 * earlier version of the same experiment (same name, another config hash: the file was edited, a
 * plugin or the data changed), the old run's files are removed first, so nothing stale (a {@code quant_params.json} of a quantized run under a float32 run, say) is
 * left. Files qvit did not write are never touched.
 */
final class RunFolder implements AutoCloseable {
    /** The lock file. */
    static final String LOCK = ".qvit-run.lock";
    /** The marker naming the experiment the folder holds. */
    static final String MARKER = ".qvit-run.json";
    /** The files a run writes at the top of its folder. */
    static final List<String> OUTPUTS = List.of("results.json", "provenance.json", "report.md",
            "experiment.resolved.json", "quant_params.json");

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;
    private final ObjectMapper json;
    private final String experiment;
    private final String configHash;

    private RunFolder(Path dir, FileChannel channel, FileLock lock, ObjectMapper json, String experiment, String configHash) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
        this.json = json;
        this.experiment = experiment;
        this.configHash = configHash;
    }

    /**
     * Locks {@code dir} (creating it) for a run of {@code experiment} with {@code configHash}.
     *
     * @param force replace another experiment's results instead of refusing
     * @throws RunFolderException if the folder is a file, is locked by another run, or holds another
     *                            experiment and {@code force} is false
     */
    static RunFolder open(Path dir, String experiment, String configHash, boolean force, ObjectMapper json) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new RunFolderException("run folder " + dir + " is a file, not a folder; choose another --out");
        }
        Files.createDirectories(dir);
        FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new RunFolderException("run folder " + dir + " is in use by another qvit run (" + LOCK
                    + " is locked); wait for it to finish or choose another --out");
        }
        RunFolder folder = new RunFolder(dir, channel, lock, json, experiment, configHash);
        try {
            folder.claim(force);
        } catch (IOException | RuntimeException e) {
            folder.close();
            throw e;
        }
        return folder;
    }

    private void claim(boolean force) throws IOException {
        JsonNode marker = readJson(dir.resolve(MARKER));
        String heldHash = marker != null ? marker.path("config_hash").asText("") : "";
        String heldName = marker != null ? marker.path("experiment").asText("") : "";
        if (marker == null) {
            JsonNode results = readJson(dir.resolve("results.json")); // a run folder of an older qvit
            if (results != null) {
                heldHash = results.path("config_hash").asText("");
                heldName = results.path("experiment").asText("");
            }
        }
        if (!heldHash.isEmpty() && !heldHash.equals(configHash)) {
            if (!force && !heldName.equals(experiment)) {
                throw new RunFolderException("run folder " + dir + " holds another experiment ('" + heldName
                        + "', config hash " + shortHash(heldHash) + "); use --force to replace its results or choose another --out");
            }
            removeOutputs(marker);
        }
        writeMarker("running", List.of());
    }

    /** Removes the files the experiment of {@code marker} (or an older qvit) wrote here. */
    private void removeOutputs(JsonNode marker) throws IOException {
        List<String> names = new ArrayList<>(OUTPUTS);
        if (marker != null) {
            marker.path("outputs").forEach(n -> names.add(n.asText()));
        }
        Path root = dir.toAbsolutePath().normalize();
        for (String name : names) {
            Path p = root.resolve(name).normalize();
            if (p.startsWith(root) && !p.equals(root) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Records that the run finished and which files it wrote (those at the top and every file below {@code deploy/}). */
    void finished() throws IOException {
        List<String> outputs = new ArrayList<>();
        for (String name : OUTPUTS) {
            if (Files.isRegularFile(dir.resolve(name))) {
                outputs.add(name);
            }
        }
        Path deploy = dir.resolve("deploy");
        if (Files.isDirectory(deploy)) {
            try (Stream<Path> s = Files.walk(deploy)) {
                s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().forEach(outputs::add);
            }
        }
        writeMarker("finished", outputs);
    }

    private void writeMarker(String status, List<String> outputs) throws IOException {
        ObjectNode node = json.createObjectNode();
        node.put("experiment", experiment);
        node.put("config_hash", configHash);
        node.put("status", status);
        ArrayNode files = node.putArray("outputs");
        outputs.forEach(files::add);
        AtomicFiles.write(dir.resolve(MARKER), json.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    }

    private JsonNode readJson(Path f) {
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            JsonNode n = json.readTree(f.toFile());
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String shortHash(String h) {
        return h.length() > 12 ? h.substring(0, 12) : h;
    }

    /** Releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
