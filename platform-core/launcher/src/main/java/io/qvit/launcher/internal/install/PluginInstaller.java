package io.qvit.launcher.internal.install;

import io.qvit.launcher.internal.Platform;
import io.qvit.launcher.internal.PlatformLayout;
import io.qvit.launcher.internal.bundle.InvalidPluginJarException;
import io.qvit.launcher.internal.bundle.PluginJar;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code qvit plugins install}: fetches a plugin jar (file, URL, coordinates in an index or a
 * Maven repository), verifies its SHA-256 when one is expected, checks it against the platform
 * ({@link InstallCheck}), then moves it atomically into the plugin folder as
 * {@code <symbolic name>-<version>.jar} (replacing an older version of the same bundle) and records
 * it in {@link LockFile}.
 */
public final class PluginInstaller {
    private final PlatformLayout layout;
    private final Supplier<Platform> platform;
    private final Set<String> kinds;

    /** An installer into {@code layout}'s plugin folder, checking against the platform {@code platform} supplies. */
    public PluginInstaller(PlatformLayout layout, Supplier<Platform> platform, Set<String> kinds) {
        this.layout = layout;
        this.platform = platform;
        this.kinds = kinds;
    }

    /**
     * Installs {@code source}.
     *
     * @param index an index location (path or URL) to look {@code source} up in, or null
     * @param expectedSha256 a SHA-256 the jar must have, or null (an index entry brings its own)
     * @param repositories Maven repositories (folders) to look {@code group:artifact:version} up in
     * @return the lock entry of the installed jar
     * @throws InstallException naming the source and every reason it was refused
     */
    public LockEntry install(String source, String index, String expectedSha256, List<Path> repositories)
            throws InstallException {
        Path pluginDir = layout.plugins();
        Resolved r = resolve(source, index, expectedSha256, repositories);
        Path tmp;
        try {
            tmp = Sources.fetch(r.uri(), pluginDir);
        } catch (IOException e) {
            throw new InstallException(r.uri() + ": cannot download: " + e.getMessage(), e);
        }
        try {
            PluginJar jar = PluginJar.read(tmp, kinds);
            if (r.sha256() != null && !r.sha256().equalsIgnoreCase(jar.sha256())) {
                throw new InstallException(r.uri() + ": SHA-256 mismatch: expected " + r.sha256() + " (" + r.shaOrigin()
                        + "), the file has " + jar.sha256() + "; not installed");
            }
            String name = jar.symbolicName() + "-" + jar.version() + ".jar";
            Path target = pluginDir.resolve(name);
            if (Files.exists(target)) {
                String existing = PluginJar.sha256(target);
                if (existing.equals(jar.sha256())) {
                    return record(pluginDir, jar, name, source);
                }
                throw new InstallException(source + ": " + jar.symbolicName() + " " + jar.version()
                        + " is already installed with other content (" + target + "); give the new build a higher version");
            }
            List<String> problems = InstallCheck.problems(platform.get(), jar, true);
            if (!problems.isEmpty()) {
                throw new InstallException(source + " (" + jar.symbolicName() + " " + jar.version() + ") not installed: "
                        + String.join("; ", problems));
            }
            for (Path old : InstalledJars.ofBundle(pluginDir, jar.symbolicName(), kinds)) {
                Files.delete(old);
                LockFile.remove(pluginDir, old.getFileName().toString());
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return record(pluginDir, jar, name, source);
        } catch (InvalidPluginJarException e) {
            throw new InstallException(source + ": " + e.reason(), e);
        } catch (IOException e) {
            throw new InstallException(source + ": cannot install into " + pluginDir + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a leftover .tmp file is ignored by FileInstall
            }
        }
    }

    private static LockEntry record(Path pluginDir, PluginJar jar, String name, String source) throws InstallException {
        LockEntry e = new LockEntry(name, jar.symbolicName(), jar.version().toString(), jar.sha256(), source, jar.keys());
        LockFile.put(pluginDir, e);
        return e;
    }

    private record Resolved(URI uri, String sha256, String shaOrigin) {
    }

    private static Resolved resolve(String source, String index, String sha, List<Path> repositories) throws InstallException {
        if (index != null) {
            PluginIndex idx = PluginIndex.read(index);
            IndexEntry e = idx.find(source).orElseThrow(() -> new InstallException(index + ": no plugin '" + source
                    + "' in the index (it lists: " + idx.plugins().stream().map(IndexEntry::coordinates).toList() + ")"));
            if (e.sha256() == null || e.url() == null) {
                throw new InstallException(index + ": entry " + e.coordinates() + " lacks sha256 or url");
            }
            return new Resolved(idx.download(e), e.sha256(), "index " + index);
        }
        if (source.matches("^(https?|file):.*")) {
            return new Resolved(URI.create(source), sha, "--sha256");
        }
        Path file = Path.of(source);
        if (Files.isRegularFile(file)) {
            return new Resolved(file.toAbsolutePath().toUri(), sha, "--sha256");
        }
        String[] gav = source.split(":");
        if (gav.length == 3 && !source.contains("/")) {
            for (Path repo : repositories) {
                Path jar = repo.resolve(gav[0].replace('.', '/')).resolve(gav[1]).resolve(gav[2])
                        .resolve(gav[1] + "-" + gav[2] + ".jar");
                if (Files.isRegularFile(jar)) {
                    return new Resolved(jar.toUri(), sha, "--sha256");
                }
            }
            throw new InstallException(source + ": not found in the Maven repositories " + repositories
                    + "; pass --repository DIR or --index FILE|URL");
        }
        throw new InstallException(source + ": no such file (expected a jar file, a URL, group:artifact:version, or --index)");
    }
}
