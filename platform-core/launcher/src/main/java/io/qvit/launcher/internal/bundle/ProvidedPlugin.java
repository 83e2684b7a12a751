package io.qvit.launcher.internal.bundle;

/**
 * A plugin service a bundle declares in its Declarative Services descriptors, read without
 * resolving or starting the bundle.
 *
 * @param kind the API service interface's simple name ({@code Quantizer}, ...), or {@code other}
 * @param id the {@code qvit.id} property
 * @param citation the {@code qvit.citation} property, or empty
 */
public record ProvidedPlugin(String kind, String id, String citation) {
}
