/**
 * The {@code timm} loader plugin: reads timm checkpoints (safetensors; PyTorch zip files through a
 * data-only, allow-listed unpickler; numpy npz) into {@link io.qvit.api.model.VisionModel}s, with
 * configs from the {@link io.qvit.plugins.loader.timm.TimmArchitectures} registry. Private to the
 * bundle: the platform reaches it through the {@link io.qvit.api.model.ModelLoader} service.
 */
package io.qvit.plugins.loader.timm;
