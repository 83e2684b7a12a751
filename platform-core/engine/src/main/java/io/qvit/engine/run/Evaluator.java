package io.qvit.engine.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qvit.api.tensor.Tensor;
import io.qvit.data.Batch;
import io.qvit.data.BatchLoader;
import io.qvit.data.ImageDataset;
import io.qvit.data.ImageTransform;
import io.qvit.data.SkippedImage;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One pass of a model over a dataset: batched loading, top-1/top-5, a progress bar, and the images
 * that could not be read (reported, never silently dropped).
 */
final class Evaluator {
    private final PrintWriter progress;
    private final int batchSize;
    private final int threads;

    Evaluator(PrintWriter progress, int batchSize, int threads) {
        this.progress = progress;
        this.batchSize = batchSize;
        this.threads = threads;
    }

    /**
     * Evaluates {@code forward} (images to logits) on {@code dataset}.
     *
     * @return {@code {images, top1, top5, forward_seconds, seconds, skipped: [...]}}
     */
    ObjectNode evaluate(ObjectMapper json, String label, ImageDataset dataset, ImageTransform transform,
                        UnaryOperator<Tensor> forward) {
        Accuracy acc = new Accuracy();
        ProgressBar bar = new ProgressBar(progress, label, dataset.size());
        List<SkippedImage> skipped;
        long start = System.nanoTime();
        long forwardNanos = 0;
        try (BatchLoader loader = new BatchLoader(dataset, transform, batchSize, threads)) {
            for (Batch batch : loader) {
                long t0 = System.nanoTime();
                Tensor logits = forward.apply(batch.tensor());
                forwardNanos += System.nanoTime() - t0;
                acc.add(logits, batch.labels());
                bar.update(acc.images() + loader.skipped().size(), acc.top1());
            }
            skipped = loader.skipped();
        }
        bar.done(acc.top1(), acc.top5());
        ObjectNode out = json.createObjectNode();
        out.put("images", acc.images());
        out.put("top1", acc.top1());
        out.put("top5", acc.top5());
        out.put("forward_seconds", forwardNanos / 1e9);
        out.put("seconds", (System.nanoTime() - start) / 1e9);
        ArrayNode sk = out.putArray("skipped");
        for (SkippedImage s : skipped) {
            sk.add(s.toString());
        }
        if (!skipped.isEmpty()) {
            progress.println("qvit: " + label + ": skipped " + skipped.size() + " unreadable image(s): " + skipped);
            progress.flush();
        }
        return out;
    }
}
