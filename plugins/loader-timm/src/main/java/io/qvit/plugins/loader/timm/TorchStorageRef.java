package io.qvit.plugins.loader.timm;

/**
 * A PyTorch storage named by a persistent id in {@code data.pkl}:
 * {@code ('storage', torch.FloatStorage, '<key>', 'cpu', numel)}. Its bytes are the zip entry
 * {@code <archive>/data/<key>}.
 *
 * @param dtype the element type as a safetensors dtype name ({@code F32}, {@code F16}, ...)
 * @param key the storage's name inside the archive's {@code data/} folder
 * @param numel the number of elements the storage holds
 */
record TorchStorageRef(String dtype, String key, long numel) {
}
