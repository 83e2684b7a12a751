/**
 * Models as data: the architecture description, the float32 weights under timm key names, and the
 * {@link io.qvit.api.model.ModelLoader} service that reads them from checkpoint files.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.qvit.api.model;
