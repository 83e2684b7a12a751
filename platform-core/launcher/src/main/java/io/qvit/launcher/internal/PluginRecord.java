package io.qvit.launcher.internal;

/**
 * One row of the plugin registry.
 *
 * @param id the plugin id ({@code qvit.id}), or the bundle symbolic name when no service could be read
 * @param kind the API service interface's simple name ({@code Quantizer}, ...), or {@code bundle}
 * @param version the providing bundle's version
 * @param citation the plugin's citation, or empty
 * @param state the life state
 * @param error why the plugin is not active, or empty
 * @param bundle symbolic name of the providing bundle
 * @param location where the bundle was installed from
 */
public record PluginRecord(String id, String kind, String version, String citation, PluginState state, String error,
                           String bundle, String location) {
}
