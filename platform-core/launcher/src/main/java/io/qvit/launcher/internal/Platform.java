package io.qvit.launcher.internal;

import java.time.Duration;
import java.util.List;
import org.osgi.framework.BundleContext;

/**
 * A running qvit platform: the OSGi host with its core bundles and the plugin registry over it.
 * Started on first use by the commands that need plugins; closed when the command ends.
 */
public final class Platform implements AutoCloseable {
    private final OsgiHost host;
    private final PluginRegistry registry;
    private final long startNanos;
    private final long readyNanos;

    private Platform(OsgiHost host, PluginRegistry registry, long startNanos, long readyNanos) {
        this.host = host;
        this.registry = registry;
        this.startNanos = startNanos;
        this.readyNanos = readyNanos;
    }

    /**
     * Starts the platform and waits (up to {@code settle}) for the plugins present in the plugin
     * folder to be processed.
     */
    public static Platform start(PlatformLayout layout, boolean interactiveShell, Duration settle) {
        return start(layout, interactiveShell, false, settle);
    }

    /**
     * Starts the platform and waits (up to {@code settle}) for the plugins present in the plugin
     * folder to be processed.
     *
     * @param verbose true to let SCR print plugin activation failures with their stack traces
     */
    public static Platform start(PlatformLayout layout, boolean interactiveShell, boolean verbose, Duration settle) {
        long t0 = System.nanoTime();
        OsgiHost host = new OsgiHost(layout, interactiveShell, verbose);
        try {
            BundleContext ctx = host.start();
            PluginRegistry registry = new PluginRegistry(ctx, List.of(layout.shippedPlugins(), layout.plugins()), host.starter());
            registry.open();
            host.awaitPlugins(settle);
            return new Platform(host, registry, t0, System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            host.close();
            throw new IllegalStateException("interrupted while starting", e);
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
    }

    /** The plugin registry. */
    public PluginRegistry registry() {
        return registry;
    }

    /** The OSGi host. */
    public OsgiHost host() {
        return host;
    }

    /** Seconds from the start call to ready. */
    public double startSeconds() {
        return (readyNanos - startNanos) / 1e9;
    }

    @Override
    public void close() {
        registry.close();
        host.close();
    }
}
