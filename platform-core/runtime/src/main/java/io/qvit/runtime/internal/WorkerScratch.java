package io.qvit.runtime.internal;

/**
 * The buffers one worker thread reuses across all loops of a forward pass: a partial-panel tile,
 * packed attention operands and one head's attention matrix.
 */
public final class WorkerScratch {
    final float[] tile = new float[Gemm.MR * PackedMatrix.NR];
    final PackedMatrix packK;
    final PackedMatrix packV;
    final float[] logits;
    /** A zero bias for attention products, padded to whole panels. */
    final float[] zeros;

    /** Scratch for sequences of up to {@code maxTokens} tokens and heads of up to {@code maxHeadDim}. */
    public WorkerScratch(int maxTokens, int maxHeadDim) {
        packK = PackedMatrix.scratch(maxHeadDim, maxTokens);
        packV = PackedMatrix.scratch(maxTokens, maxHeadDim);
        logits = new float[maxTokens * maxTokens];
        zeros = new float[PackedMatrix.panels(Math.max(maxTokens, maxHeadDim)) * PackedMatrix.NR];
    }

    /** One scratch per worker of {@code pool}. */
    public static WorkerScratch[] forPool(WorkerPool pool, int maxTokens, int maxHeadDim) {
        WorkerScratch[] s = new WorkerScratch[pool.threads()];
        for (int i = 0; i < s.length; i++) {
            s[i] = new WorkerScratch(maxTokens, maxHeadDim);
        }
        return s;
    }

    /** The tiles of {@code scratch}, indexed by worker, for {@link Linear#forward}. */
    public static float[][] tiles(WorkerScratch[] scratch) {
        float[][] t = new float[scratch.length][];
        for (int i = 0; i < t.length; i++) {
            t[i] = scratch[i].tile;
        }
        return t;
    }
}
