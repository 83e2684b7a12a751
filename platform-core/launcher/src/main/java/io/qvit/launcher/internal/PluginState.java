package io.qvit.launcher.internal;

/** The life state of an installed plugin, as {@code qvit plugins} shows it. */
public enum PluginState {
    /** Its service is registered and usable. */
    ACTIVE,
    /** Its component or bundle activation threw; the error says why. */
    FAILED,
    /** The bundle could not be resolved (e.g. it needs an API version the platform does not export). */
    UNRESOLVED,
    /** The bundle is resolved but has not (yet) started. */
    INSTALLED,
    /** A jar in a plugin folder that is not a usable bundle (truncated, corrupt, no manifest); the error says why. */
    INVALID,
    /** Another bundle provides a plugin of the same kind and id: neither is used until one is removed. */
    CONFLICT
}
