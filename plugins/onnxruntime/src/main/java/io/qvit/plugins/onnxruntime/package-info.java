/** The {@code onnxruntime} inference backend plugin. */
package io.qvit.plugins.onnxruntime;
