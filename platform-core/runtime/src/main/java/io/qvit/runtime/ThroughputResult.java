package io.qvit.runtime;

/**
 * One end-to-end throughput measurement of a model's float32 forward pass.
 *
 * @param architecture the timm architecture name
 * @param batch images per forward pass
 * @param threads worker threads
 * @param iterations timed forward passes
 * @param secondsPerBatch mean wall time of one forward pass
 * @param imagesPerSecond {@code batch / secondsPerBatch}
 * @param flopsPerImage floating-point operations of one image (matrix products, 2 per multiply-add)
 * @param gflopsPerSecond achieved {@code flopsPerImage · imagesPerSecond / 1e9}
 */
public record ThroughputResult(String architecture, int batch, int threads, int iterations,
        double secondsPerBatch, double imagesPerSecond, long flopsPerImage, double gflopsPerSecond) {

    @Override
    public String toString() {
        return String.format("%s batch %d, %d thread(s): %.1f images/s, %.1f GFLOP/s (%.2f GFLOP/image, %.1f ms/batch, %d iterations)",
                architecture, batch, threads, imagesPerSecond, gflopsPerSecond, flopsPerImage / 1e9,
                secondsPerBatch * 1e3, iterations);
    }
}
