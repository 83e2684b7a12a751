package io.qvit.launcher.internal.runindex;

/**
 * One evaluation set's accuracies of an indexed run (fractions in [0, 1]; a repeat over seeds
 * records the means).
 *
 * @param set the evaluation set's name
 * @param images its number of images
 * @param fp32Top1 float32 top-1
 * @param fp32Top5 float32 top-5
 * @param quantTop1 quantized top-1, null for a float32-only run
 * @param quantTop5 quantized top-5, null for a float32-only run
 */
public record SetResult(String set, long images, Double fp32Top1, Double fp32Top5, Double quantTop1, Double quantTop5) {
}
