package io.qvit.launcher.internal;

import io.qvit.launcher.internal.bundle.InvalidPluginJarException;
import io.qvit.launcher.internal.bundle.JarCache;
import io.qvit.launcher.internal.bundle.Locations;
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
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.hooks.weaving.WeavingHook;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.framework.launch.Framework;

/**
 * The embedded Apache Felix framework: starts it with the host exports, installs and starts the
 * core bundles (SCR, FileInstall, Gogo), lets FileInstall watch the plugin folder, and waits until
 * the plugins present at start have been processed.
 */
public final class OsgiHost implements AutoCloseable {
    private final PlatformLayout layout;
    private final boolean interactiveShell;
    private final boolean verbose;
    private final JarCache jars = new JarCache(PluginRegistry.KIND_NAMES);
    private Framework framework;
    private Bundle shellBundle;
    private PluginStarter starter;

    /**
     * A host for {@code layout}.
     *
     * @param interactiveShell true to let the Gogo shell read the terminal
     */
    public OsgiHost(PlatformLayout layout, boolean interactiveShell) {
        this(layout, interactiveShell, false);
    }

    /**
     * A host for {@code layout}.
     *
     * @param interactiveShell true to let the Gogo shell read the terminal
     * @param verbose true to let SCR print its log (a plugin's activation stack trace) on the console;
     *                otherwise failures are only recorded and the plugin registry reports them in one line
     */
    public OsgiHost(PlatformLayout layout, boolean interactiveShell, boolean verbose) {
        this.layout = layout;
        this.interactiveShell = interactiveShell;
        this.verbose = verbose;
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
        cfg.put("ds.loglevel", verbose ? "warn" : "error");
        cfg.put("ds.log.enabled", Boolean.toString(verbose));
        cfg.put("felix.fileinstall.dir", layout.plugins().toString());
        cfg.put("felix.fileinstall.filter", ".*\\.jar");
        cfg.put("felix.fileinstall.poll", "250");
        cfg.put("felix.fileinstall.noInitialDelay", "true");
        // FileInstall only installs; PluginStarter starts drop-ins off this thread, with a deadline.
        cfg.put("felix.fileinstall.bundles.new.start", "false");
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
        starter = new PluginStarter(PluginStarter.configuredTimeout(), this::isDropIn, this::jarProblem);
        ctx.addBundleListener(starter);
        ctx.registerService(WeavingHook.class, new PluginGate(this::isPlugin), null);
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
                    starter.failed(b, e);
                }
            }
        }
        starter.release(framework.adapt(FrameworkWiring.class));
        return ctx;
    }

    private boolean isDropIn(Bundle b) {
        Path dir = Locations.canonical(layout.plugins());
        return Locations.path(b.getLocation()).map(p -> p.startsWith(dir)).orElse(false);
    }

    private boolean isPlugin(Bundle b) {
        Path shipped = Locations.canonical(layout.shippedPlugins());
        return isDropIn(b) || Locations.path(b.getLocation()).map(p -> p.startsWith(shipped)).orElse(false);
    }

    private Optional<String> jarProblem(Bundle b) {
        Optional<Path> p = Locations.path(b.getLocation());
        if (p.isEmpty()) {
            return Optional.empty();
        }
        try {
            jars.read(p.get());
            return Optional.empty();
        } catch (InvalidPluginJarException e) {
            return Optional.of(e.reason());
        }
    }

    /** What became of the plugin bundles' starts (failures, missed deadlines). */
    public PluginStarter starter() {
        return starter;
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

    /**
     * A fingerprint of the plugin bundles, or null while some jar of the plugin folder is not
     * installed yet or a bundle is starting. A jar that will never be installed (truncated, not a
     * bundle, a duplicate: {@link PluginFolder#problem}) does not count as pending. Locations are
     * compared as paths: FileInstall writes {@code file:/...}, {@link Path#toUri()} gives
     * {@code file:///...}.
     */
    String pluginState() {
        BundleContext ctx = framework.getBundleContext();
        if (ctx == null) {
            return ""; // stopped meanwhile: nothing left to wait for
        }
        if (starter.pending()) {
            return null; // a plugin is still activating, within its deadline
        }
        Bundle[] bundles = ctx.getBundles();
        Map<Path, Bundle> installed = PluginFolder.byPath(bundles);
        StringBuilder sb = new StringBuilder();
        for (Path jar : PluginFolder.jars(layout.plugins())) {
            if (!installed.containsKey(jar) && PluginFolder.problem(jar, jars, installed).isEmpty()) {
                return null; // FileInstall has not installed it yet
            }
        }
        for (Bundle b : bundles) {
            if (b.getState() == Bundle.STARTING && !"lazy".equals(b.getHeaders().get(Constants.BUNDLE_ACTIVATIONPOLICY))
                    && starter.failure(b).isEmpty()) {
                return null;
            }
            sb.append(b.getBundleId()).append(':').append(b.getState()).append(':').append(b.getLastModified()).append(';');
        }
        return sb.toString();
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
                // A plugin still stuck in its activator holds its bundle's lock: do not wait long for it.
                framework.waitForStop(starter != null && starter.stuck() ? 1_000 : 10_000);
            } catch (BundleException | InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        OsgiCaches.deleteTree(layout.cache());
    }
}
