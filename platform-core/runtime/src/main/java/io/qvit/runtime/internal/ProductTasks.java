package io.qvit.runtime.internal;

/**
 * Splits a matrix product into tasks of one row block ({@link Gemm#MC} rows) times a group of
 * panels — panel groups only when there are too few row blocks to give every thread two tasks —
 * and runs them on a pool. Shared by the float {@link Linear} and the integer {@link IntLinear}.
 */
final class ProductTasks {
    /** One task: rows {@code [rowFrom, rowTo)} and panels {@code [panelFrom, panelTo)}. */
    @FunctionalInterface
    interface Block {
        void run(int rowFrom, int rowTo, int panelFrom, int panelTo, int worker);
    }

    private ProductTasks() {
    }

    /** Runs {@code block} over every row block and panel group of a {@code rows x panels} product. */
    static void run(WorkerPool pool, int rows, int panels, Block block) {
        int rowBlocks = (rows + Gemm.MC - 1) / Gemm.MC;
        int want = 2 * pool.threads();
        int panelGroups = rowBlocks >= want ? 1 : Math.min(panels, (want + rowBlocks - 1) / rowBlocks);
        int panelsPerGroup = (panels + panelGroups - 1) / panelGroups;
        int groups = (panels + panelsPerGroup - 1) / panelsPerGroup;
        pool.run(rowBlocks * groups, (task, worker) -> {
            int r0 = (task / groups) * Gemm.MC;
            int p0 = (task % groups) * panelsPerGroup;
            block.run(r0, Math.min(rows, r0 + Gemm.MC), p0, Math.min(panels, p0 + panelsPerGroup), worker);
        });
    }
}
