package io.qvit.plugins.loader.timm;

/**
 * A tensor as {@code torch._utils._rebuild_tensor_v2} describes it: a view of a storage with an
 * element offset, a size and a stride per dimension. Materialised by {@link TorchZipReader}.
 *
 * @param storage the storage the view reads
 * @param offset index of the first element in the storage
 * @param size extent of each dimension
 * @param stride storage elements between neighbours along each dimension
 */
record TorchTensorRef(TorchStorageRef storage, long offset, int[] size, long[] stride) {
    /** The number of elements of the view. */
    long numel() {
        long n = 1;
        for (int s : size) {
            n *= s;
        }
        return n;
    }
}
