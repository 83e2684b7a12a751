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

    /**
     * The fraction of images on which two evaluations of the same set predict the same top-1
     * class, or NaN when either lacks predictions or they differ in length.
     */
    static double agreement(com.fasterxml.jackson.databind.JsonNode a, com.fasterxml.jackson.databind.JsonNode b) {
        com.fasterxml.jackson.databind.JsonNode pa = a.path("predictions");
        com.fasterxml.jackson.databind.JsonNode pb = b.path("predictions");
        if (!pa.isArray() || !pb.isArray() || pa.size() != pb.size() || pa.size() == 0) {
            return Double.NaN;
        }
        int same = 0;
        for (int i = 0; i < pa.size(); i++) {
            if (pa.get(i).asInt() == pb.get(i).asInt()) {
                same++;
            }
        }
        return (double) same / pa.size();
    }

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
     * @return {@code {images, top1, top5, forward_seconds, seconds, skipped: [...], predictions: [...],
     *     logits_sha256}} ({@code predictions}: the top-1 class of each evaluated image, in dataset
     *     order; {@code logits_sha256}: see {@link LogitsDigest})
     * @throws NonFiniteLogitsException naming the first image whose logits hold a NaN or an infinity
     */
    ObjectNode evaluate(ObjectMapper json, String label, ImageDataset dataset, ImageTransform transform,
                        UnaryOperator<Tensor> forward) throws NonFiniteLogitsException {
        Accuracy acc = new Accuracy();
        ProgressBar bar = new ProgressBar(progress, label, dataset.size());
        List<SkippedImage> skipped;
        long start = System.nanoTime();
        long forwardNanos = 0;
        ArrayNode predictions = json.createArrayNode();
        LogitsDigest digest = new LogitsDigest();
        try (BatchLoader loader = new BatchLoader(dataset, transform, batchSize, threads)) {
            for (Batch batch : loader) {
                long t0 = System.nanoTime();
                Tensor logits = forward.apply(batch.tensor());
                forwardNanos += System.nanoTime() - t0;
                requireFinite(label, batch, logits);
                acc.add(logits, batch.labels());
                digest.add(logits);
                int classes = logits.dim(1);
                float[] v = logits.data();
                for (int b = 0; b < batch.labels().length; b++) {
                    int best = 0;
                    for (int c = 1; c < classes; c++) {
                        if (v[b * classes + c] > v[b * classes + best]) {
                            best = c;
                        }
                    }
                    predictions.add(best);
                }
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
        out.set("predictions", predictions);
        out.put("logits_sha256", digest.hex());
        if (!skipped.isEmpty()) {
            progress.println("qvit: " + label + ": skipped " + skipped.size() + " unreadable image(s): " + skipped);
            progress.flush();
        }
        return out;
    }

    private static void requireFinite(String label, Batch batch, Tensor logits) throws NonFiniteLogitsException {
        int classes = logits.dim(1);
        float[] v = logits.data();
        for (int i = 0; i < batch.size() * classes; i++) {
            if (!Float.isFinite(v[i])) {
                throw new NonFiniteLogitsException(label, batch.names()[i / classes], i % classes, v[i]);
            }
        }
    }
}
