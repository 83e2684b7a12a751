/**
 * Deployment: a {@link io.qvit.api.deploy.ModelExporter} turns a calibrated model into an artifact
 * a deployment runtime reads (ONNX QDQ first), and an {@link io.qvit.api.deploy.InferenceBackend}
 * runs such an artifact on batches of images and returns logits (ONNX Runtime first), so that the
 * platform can check a deployed model against its own simulation. Third parties add formats and
 * backends (TensorRT, OpenVINO, TVM) as plugins without touching the core.
 *
 * <p>1.0.0: first version.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.qvit.api.deploy;
