package io.qvit.runtime.internal;

/** Row-wise operations (LayerNorm, GELU) spread over a worker pool in blocks of rows. */
final class RowParallel {
    /** Rows per task: enough work per task to amortise the hand-off. */
    static final int ROWS_PER_TASK = 32;

    private RowParallel() {
    }

    /** LayerNorm of {@code rows} rows of width {@code n} from {@code src} to {@code dst} (may alias). */
    static void layerNorm(WorkerPool pool, float[] src, float[] dst, int rows, int n, float[] gamma, float[] beta,
                          double eps) {
        int tasks = (rows + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        pool.run(tasks, (task, worker) -> {
            int r0 = task * ROWS_PER_TASK;
            int r = Math.min(ROWS_PER_TASK, rows - r0);
            VectorMath.layerNorm(src, r0 * n, dst, r0 * n, r, n, gamma, beta, eps);
        });
    }

    /** GELU (erf form) in place on {@code rows} rows of width {@code n}. */
    static void gelu(WorkerPool pool, float[] x, int rows, int n) {
        int tasks = (rows + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        pool.run(tasks, (task, worker) -> {
            int r0 = task * ROWS_PER_TASK;
            int r = Math.min(ROWS_PER_TASK, rows - r0);
            VectorMath.gelu(x, r0 * n, r * n);
        });
    }
}
