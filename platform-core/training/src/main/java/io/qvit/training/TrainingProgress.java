package io.qvit.training;

import java.io.PrintWriter;
import java.util.Locale;

/** A one-line progress bar for training: epoch, steps, running loss and training top-1, images/second. */
final class TrainingProgress {
    private static final int WIDTH = 24;
    private final PrintWriter out;
    private long lastPrint;

    TrainingProgress(PrintWriter out) {
        this.out = out;
    }

    /** Shows progress at most every 200 ms (and at the last step). */
    void update(int epoch, int epochs, int step, int steps, double loss, double accuracy, double imagesPerSecond) {
        long now = System.nanoTime();
        if (now - lastPrint < 200_000_000L && step < steps) {
            return;
        }
        lastPrint = now;
        int filled = WIDTH * step / Math.max(steps, 1);
        out.print(String.format(Locale.ROOT, "\repoch %d/%d [%s%s] %d/%d  loss %.4f  acc %.2f%%  %.0f img/s", epoch, epochs,
                "#".repeat(filled), ".".repeat(WIDTH - filled), step, steps, loss, 100 * accuracy, imagesPerSecond));
        out.flush();
    }

    /** Ends the epoch's line. */
    void endEpoch(int epoch, int epochs, double loss, double accuracy, double testAccuracy, double seconds) {
        String test = Double.isNaN(testAccuracy) ? "" : String.format(Locale.ROOT, "  test %.2f%%", 100 * testAccuracy);
        out.println(String.format(Locale.ROOT, "\repoch %d/%d: loss %.4f  train acc %.2f%%%s  (%.1f s)%s", epoch, epochs, loss,
                100 * accuracy, test, seconds, " ".repeat(30)));
        out.flush();
    }
}
