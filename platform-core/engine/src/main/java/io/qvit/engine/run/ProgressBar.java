package io.qvit.engine.run;

import java.io.PrintWriter;
import java.util.Locale;

/** A one-line progress display for a pass over a dataset: images done, running top-1, images/second. */
final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintWriter out;
    private final String label;
    private final long total;
    private final long start = System.nanoTime();
    private long lastPrint;

    ProgressBar(PrintWriter out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = Math.max(total, 1);
    }

    /** Shows progress; prints at most every 200 ms. */
    void update(long done, double top1) {
        long now = System.nanoTime();
        if (now - lastPrint < 200_000_000L && done < total) {
            return;
        }
        lastPrint = now;
        int filled = (int) (WIDTH * Math.min(done, total) / total);
        double rate = done / Math.max((now - start) / 1e9, 1e-9);
        out.print(String.format(Locale.ROOT, "\r%s [%s%s] %d/%d  top-1 %.2f%%  %.1f img/s", label,
                "#".repeat(filled), ".".repeat(WIDTH - filled), done, total, 100 * top1, rate));
        out.flush();
    }

    /** Ends the line with the final figures. */
    void done(double top1, double top5) {
        double secs = (System.nanoTime() - start) / 1e9;
        out.println(String.format(Locale.ROOT, "\r%s: top-1 %.2f%%  top-5 %.2f%%  (%.1f s)%s", label, 100 * top1,
                100 * top5, secs, " ".repeat(40)));
        out.flush();
    }
}
