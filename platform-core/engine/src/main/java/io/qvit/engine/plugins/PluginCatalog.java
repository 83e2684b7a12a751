package io.qvit.engine.plugins;

import java.util.Optional;
import java.util.SortedSet;

/**
 * The engine's view of the installed plugins: services of a kind (a service interface of the
 * API) looked up by their {@link io.qvit.api.QvitPlugin} id. The launcher implements it on top of
 * the OSGi service registry; tests implement it with plain objects.
 */
public interface PluginCatalog {

    /** The ids of the available plugins of {@code kind}, sorted. */
    SortedSet<String> ids(Class<?> kind);

    /** The plugin of {@code kind} with {@code id}, if one is available. */
    <T> Optional<T> find(Class<T> kind, String id);

    /** The version of the bundle that provides the plugin, or "unknown". */
    default String version(Class<?> kind, String id) {
        return "unknown";
    }

    /**
     * The content hash of the code that provides the plugin ({@link CodeFingerprint}), so that a
     * plugin rebuilt with a changed class but the same version gives a new run; "unknown" when absent.
     */
    default String fingerprint(Class<?> kind, String id) {
        return find(kind, id).map(p -> CodeFingerprint.of(p.getClass())).orElse("unknown");
    }

    /**
     * Why a plugin of {@code kind} with {@code id} that is installed cannot be used, as the rest of
     * a sentence that starts with the plugin's kind and id ("is installed but FAILED: ...", "is
     * provided by 2 bundles: ..."); empty when it is usable or not installed at all.
     */
    default Optional<String> unavailable(Class<?> kind, String id) {
        return Optional.empty();
    }

    /** The bundle that provides the plugin (symbolic name, version, SHA-256 of its jar), if known. */
    default Optional<PluginOrigin> origin(Class<?> kind, String id) {
        return Optional.empty();
    }
}
