package io.qvit.engine.plugins;

/**
 * Where a plugin came from, for a run's provenance: the providing bundle and the exact bytes it
 * was installed from.
 *
 * @param bundle the bundle symbolic name
 * @param version the bundle version
 * @param sha256 lower-case hex SHA-256 of the bundle's jar, or "unknown"
 * @param location where the bundle was installed from
 */
public record PluginOrigin(String bundle, String version, String sha256, String location) {
}
