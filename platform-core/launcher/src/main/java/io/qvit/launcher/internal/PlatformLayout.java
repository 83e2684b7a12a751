package io.qvit.launcher.internal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a qvit installation keeps its parts: {@code bundles/core/} (SCR, FileInstall, Gogo),
 * {@code bundles/plugins/} (the plugins qvit ships), {@code plugins/} (watched for drop-in plugin
 * bundles), {@code conf/}, and the OSGi cache.
 *
 * @param home the installation folder
 * @param bundles core bundles, installed and started first
 * @param shippedPlugins plugins that come with the distribution, installed at start
 * @param plugins drop-in plugin folder watched by FileInstall
 * @param conf configuration folder
 * @param cache OSGi framework storage for this process
 */
public record PlatformLayout(Path home, Path bundles, Path shippedPlugins, Path plugins, Path conf, Path cache) {

    /**
     * The usual layout below {@code home}; the cache is a fresh temporary folder ({@link OsgiCaches}). The drop-in
     * folder is {@code home/plugins} unless the system property {@code qvit.plugins} or the
     * environment variable {@code QVIT_PLUGINS} names another (one that {@code mvn clean} does not
     * wipe, for a distribution under {@code target/}). The system properties {@code qvit.bundles}
     * and {@code qvit.plugins.shipped} name other core and shipped-plugin folders (how a sweep
     * starts its cells with the layout of the qvit that runs it, see {@link #systemProperties()}).
     */
    public static PlatformLayout of(Path home) {
        Path h = home.toAbsolutePath().normalize();
        String plugins = System.getProperty("qvit.plugins", System.getenv("QVIT_PLUGINS"));
        return of(h, Path.of(System.getProperty("qvit.bundles", h.resolve("bundles/core").toString())),
                Path.of(System.getProperty("qvit.plugins.shipped", h.resolve("bundles/plugins").toString())),
                plugins == null || plugins.isBlank() ? h.resolve("plugins") : Path.of(plugins));
    }

    /** The system properties that make {@link #of(Path)} in another process give this layout (with a new cache). */
    public java.util.Map<String, String> systemProperties() {
        return java.util.Map.of("qvit.home", home.toAbsolutePath().toString(), "qvit.bundles", bundles.toString(),
                "qvit.plugins.shipped", shippedPlugins.toString(), "qvit.plugins", plugins.toString());
    }

    /** A layout with explicit bundle and plugin folders (tests, development). */
    public static PlatformLayout of(Path home, Path bundles, Path shippedPlugins, Path plugins) {
        try {
            return new PlatformLayout(home, bundles.toAbsolutePath(), shippedPlugins.toAbsolutePath(),
                    plugins.toAbsolutePath(), home.resolve("conf"),
                    OsgiCaches.create());
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the OSGi cache folder: " + e.getMessage(), e);
        }
    }
}
