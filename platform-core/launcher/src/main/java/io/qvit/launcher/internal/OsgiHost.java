package io.qvit.launcher.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

/**
 * The embedded Apache Felix framework: starts it with the host exports, installs and starts the
 * core bundles (SCR, FileInstall, Gogo), lets FileInstall watch the plugin folder, and waits until
 * the plugins present at start have been processed.
 */
public final class OsgiHost implements AutoCloseable {
    private final PlatformLayout layout;
    private final boolean interactiveShell;
    private Framework framework;
    private Bundle shellBundle;

    /**
     * A host for {@code layout}.
     *
     * @param interactiveShell true to let the Gogo shell read the terminal
     */
    public OsgiHost(PlatformLayout layout, boolean interactiveShell) {
        this.layout = layout;
        this.interactiveShell = interactiveShell;
    }

    /**
     * Starts the framework and the core bundles.
     *
     * @throws IllegalStateException naming the bundle that cannot be installed or started
     */
    public BundleContext start() {
        Map<String, String> cfg = new HashMap<>();
        cfg.put(Constants.FRAMEWORK_STORAGE, layout.cache().toString());
        cfg.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        cfg.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, HostExports.compute());
        cfg.put("felix.log.level", "1");
        cfg.put("ds.loglevel", "none");
        cfg.put("felix.fileinstall.dir", layout.plugins().toString());
        cfg.put("felix.fileinstall.filter", ".*\\.jar");
        cfg.put("felix.fileinstall.poll", "250");
        cfg.put("felix.fileinstall.noInitialDelay", "true");
        cfg.put("felix.fileinstall.bundles.new.start", "true");
        cfg.put("felix.fileinstall.log.level", "0");
        cfg.put("felix.fileinstall.tmpdir", layout.cache().resolve("fileinstall").toString());
        cfg.put("gosh.args", interactiveShell ? "" : "--nointeractive");
        cfg.put("gosh.home", layout.conf().toString());
        try {
            Files.createDirectories(layout.plugins());
            framework = new FrameworkFactory().newFramework(cfg);
            framework.init();
            framework.start();
        } catch (BundleException | IOException e) {
            throw new IllegalStateException("cannot start the OSGi framework: " + e.getMessage(), e);
        }
        BundleContext ctx = framework.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        List<Path> jars = new ArrayList<>(jarsIn(layout.bundles(), true));
        jars.addAll(jarsIn(layout.shippedPlugins(), false));
        for (Path jar : jars) {
            boolean shell = jar.getFileName().toString().contains("gogo.shell");
            if (shell && !interactiveShell) {
                continue;
            }
            try {
                Bundle b = ctx.installBundle(jar.toUri().toString());
                if (shell) {
                    // Started by startShell() once the platform is ready and the qvit commands are
                    // registered, so that nothing typed early reaches a half-started platform.
                    shellBundle = b;
                    continue;
                }
                installed.add(b);
            } catch (BundleException e) {
                throw new IllegalStateException("cannot install bundle " + jar + ": " + e.getMessage(), e);
            }
        }
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                try {
                    b.start();
                } catch (BundleException e) {
                    if (layout.bundles().toUri().toString().regionMatches(0, b.getLocation(), 0,
                            layout.bundles().toUri().toString().length())) {
                        throw new IllegalStateException("cannot start core bundle " + b.getLocation() + ": " + e.getMessage(), e);
                    }
                    // A shipped plugin that fails to start is reported by the plugin registry.
                }
            }
        }
        return ctx;
    }

    private static List<Path> jarsIn(Path dir, boolean required) {
        if (!Files.isDirectory(dir)) {
            if (required) {
                throw new IllegalStateException("core bundle folder " + dir + " does not exist (is the distribution built?)");
            }
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".jar")).sorted(Comparator.comparing(Path::toString))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until every jar in the plugin folder is installed and none is still starting, or the
     * timeout passes.
     *
     * @return true if the plugins settled in time
     */
    public boolean awaitPlugins(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int stable = 0;
        String last = "";
        while (System.nanoTime() < deadline) {
            String state = pluginState();
            if (state != null && state.equals(last)) {
                if (++stable >= 3) {
                    return true;
                }
            } else {
                stable = 0;
            }
            last = state == null ? "" : state;
            Thread.sleep(100);
        }
        return false;
    }

    /** A fingerprint of the plugin bundles, or null while some jar is not installed or a bundle is starting. */
    private String pluginState() {
        Set<String> jars;
        try (Stream<Path> s = Files.list(layout.plugins())) {
            jars = s.filter(p -> p.toString().endsWith(".jar")).map(p -> p.toAbsolutePath().toUri().toString())
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        BundleContext ctx = framework.getBundleContext();
        if (ctx == null) {
            return ""; // stopped meanwhile: nothing left to wait for
        }
        for (Bundle b : ctx.getBundles()) {
            if (b.getState() == Bundle.STARTING && !"lazy".equals(b.getHeaders().get(Constants.BUNDLE_ACTIVATIONPOLICY))) {
                return null;
            }
            jars.remove(b.getLocation());
            sb.append(b.getBundleId()).append(':').append(b.getState()).append(':').append(b.getLastModified()).append(';');
        }
        return jars.isEmpty() ? sb.toString() : null;
    }

    /** Starts the Gogo shell on the terminal (only for a host created with {@code interactiveShell}). */
    public void startShell() throws BundleException {
        if (shellBundle == null) {
            throw new IllegalStateException("this platform was started without the interactive shell");
        }
        shellBundle.start();
    }

    /** The running framework. */
    public Framework framework() {
        return framework;
    }

    /** Blocks until the framework stops (e.g. the shell's {@code stop 0}). */
    public void awaitStop() throws InterruptedException {
        framework.waitForStop(0);
    }

    @Override
    public void close() {
        if (framework != null) {
            try {
                framework.stop();
                framework.waitForStop(10_000);
            } catch (BundleException | InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deleteTree(layout.cache());
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary folder
        }
    }
}
