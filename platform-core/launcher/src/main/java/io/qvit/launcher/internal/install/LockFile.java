package io.qvit.launcher.internal.install;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code plugins/plugins.lock.json}: what {@code qvit plugins install} put into the plugin folder,
 * with each jar's SHA-256, so an installation can be reproduced and a changed jar detected.
 * FileInstall ignores it (it only watches {@code *.jar}).
 */
public final class LockFile {
    /** The lock file's name in the plugin folder. */
    public static final String NAME = "plugins.lock.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Document(@JsonProperty("plugins") List<LockEntry> plugins) {
    }

    private LockFile() {
    }

    /** The entries of the lock file in {@code pluginDir}; empty if there is none. */
    public static List<LockEntry> read(Path pluginDir) throws InstallException {
        Path f = pluginDir.resolve(NAME);
        if (!Files.exists(f)) {
            return List.of();
        }
        try {
            Document d = JSON.readValue(f.toFile(), Document.class);
            return d.plugins() == null ? List.of() : d.plugins();
        } catch (IOException e) {
            throw new InstallException(f + ": cannot read the lock file: " + e.getMessage(), e);
        }
    }

    /** Replaces the entry for the same file (or bundle) with {@code entry}. */
    public static void put(Path pluginDir, LockEntry entry) throws InstallException {
        List<LockEntry> entries = new ArrayList<>(read(pluginDir));
        entries.removeIf(e -> e.file().equals(entry.file()) || e.bundle().equals(entry.bundle()));
        entries.add(entry);
        write(pluginDir, entries);
    }

    /** Removes the entry for {@code file}. */
    public static void remove(Path pluginDir, String file) throws InstallException {
        List<LockEntry> entries = new ArrayList<>(read(pluginDir));
        if (entries.removeIf(e -> e.file().equals(file))) {
            write(pluginDir, entries);
        }
    }

    private static void write(Path pluginDir, List<LockEntry> entries) throws InstallException {
        Path f = pluginDir.resolve(NAME);
        try {
            List<LockEntry> sorted = new ArrayList<>(entries);
            sorted.sort(Comparator.comparing(LockEntry::file));
            Path tmp = Files.createTempFile(pluginDir, ".lock-", ".tmp");
            Files.writeString(tmp, JSON.writeValueAsString(new Document(sorted)));
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new InstallException(f + ": cannot write the lock file: " + e.getMessage(), e);
        }
    }
}
