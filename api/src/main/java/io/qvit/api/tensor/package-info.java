/** The dense float32 tensor that plugins and the platform exchange. */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.qvit.api.tensor;
