package io.qvit.runtime.internal;

import io.qvit.api.kernel.IntTensor;
import java.util.Arrays;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * The integer graph's parallel loops on a {@link WorkerPool}: kernel calls applied to blocks of
 * rows, and integer matrix products with one accumulator tile per worker.
 */
final class IntRowParallel {
    private final WorkerPool pool;
    private final int[][] tiles;

    IntRowParallel(WorkerPool pool) {
        this.pool = pool;
        this.tiles = new int[pool.threads()][IntGemm.MR * PackedInt8.NR];
    }

    /** Runs {@code tasks} tasks on the pool. */
    void run(int tasks, WorkerPool.Task body) {
        pool.run(tasks, body);
    }

    /** The accumulator tile of {@code worker}, for {@link IntGemm#multiply} inside a task. */
    int[] tile(int worker) {
        return tiles[worker];
    }

    /** {@code y = layer(x)} for {@code rows} rows, in parallel. */
    void linear(IntLinear layer, int[] x, int rows, int[] y) {
        layer.forward(x, rows, y, pool, tiles);
    }

    /** Applies a kernel call to blocks of rows in parallel, returning the concatenated results. */
    int[] map(int[] data, int rows, int cols, UnaryOperator<IntTensor> op) {
        return chunks(rows, cols, (r0, r) -> op.apply(slice(data, r0, r, cols)));
    }

    /** Two-input form of {@link #map} (the residual add). */
    int[] map2(int[] a, int[] b, int rows, int cols, BinaryOperator<IntTensor> op) {
        return chunks(rows, cols, (r0, r) -> op.apply(slice(a, r0, r, cols), slice(b, r0, r, cols)));
    }

    /** One block of rows: the result of rows {@code r0 .. r0 + r - 1}. */
    @FunctionalInterface
    private interface Chunk {
        IntTensor apply(int r0, int r);
    }

    private int[] chunks(int rows, int cols, Chunk op) {
        int[] out = new int[rows * cols];
        int chunk = Math.max(1, (rows + 4 * pool.threads() - 1) / (4 * pool.threads()));
        int tasks = (rows + chunk - 1) / chunk;
        pool.run(tasks, (task, worker) -> {
            int r0 = task * chunk;
            int r = Math.min(chunk, rows - r0);
            System.arraycopy(op.apply(r0, r).data(), 0, out, r0 * cols, r * cols);
        });
        return out;
    }

    /** A copy of rows {@code r0 .. r0 + r - 1} as a {@code [1, r, cols]} tensor. */
    private static IntTensor slice(int[] data, int r0, int r, int cols) {
        return IntTensor.of(Arrays.copyOfRange(data, r0 * cols, (r0 + r) * cols), 1, r, cols);
    }
}
