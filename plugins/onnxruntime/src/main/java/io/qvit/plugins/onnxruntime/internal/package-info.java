/** ONNX Runtime sessions behind {@link io.qvit.api.deploy.InferenceSession} (not an API). */
package io.qvit.plugins.onnxruntime.internal;
