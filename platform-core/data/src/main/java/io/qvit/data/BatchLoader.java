package io.qvit.data;

import io.qvit.data.internal.BatchIterator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loads a dataset as batches of model inputs: images are decoded and transformed on a fixed
 * number of worker threads, a bounded number ahead of the consumer, and handed out in dataset
 * order as {@link Batch}es of {@code [B, C, H, W]} float32. Only about two batches are in memory
 * at a time, whatever the dataset size.
 *
 * <p>An image that cannot be read or transformed does not stop the pass: it is left out (the
 * next images fill its place, so every batch but the last is full) and recorded in
 * {@link #skipped()}, which the caller reports.
 *
 * <p>Close the loader to stop its threads. One pass ({@link #iterator()}) at a time.
 */
public final class BatchLoader implements Iterable<Batch>, AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ImageDataset dataset;
    private final ImageTransform transform;
    private final int batchSize;
    private final ExecutorService pool;
    private final int prefetch;
    private final List<SkippedImage> skipped = Collections.synchronizedList(new ArrayList<>());

    /**
     * A loader of {@code dataset} through {@code transform}.
     *
     * @param batchSize images per batch (the last batch may be smaller)
     * @param threads worker threads decoding and transforming images, at least 1
     */
    public BatchLoader(ImageDataset dataset, ImageTransform transform, int batchSize, int threads) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive: " + batchSize);
        }
        if (threads <= 0) {
            throw new IllegalArgumentException("thread count must be positive: " + threads);
        }
        this.dataset = dataset;
        this.transform = transform;
        this.batchSize = batchSize;
        this.prefetch = Math.max(2 * batchSize, 2 * threads);
        int pool = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "qvit-data-" + pool + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newFixedThreadPool(threads, factory);
    }

    /**
     * Starts a pass over the dataset; the images skipped so far are forgotten. The iterator's
     * {@code next()} blocks until the next batch is ready.
     */
    @Override
    public Iterator<Batch> iterator() {
        skipped.clear();
        return new BatchIterator(dataset, transform, batchSize, prefetch, pool, skipped::add);
    }

    /** Loads the whole dataset as one batch (for small sets such as a calibration list). */
    public Batch loadAll() {
        Iterator<Batch> it = new BatchIterator(dataset, transform, Math.max(1, dataset.size()), prefetch, pool, skipped::add);
        skipped.clear();
        if (!it.hasNext()) {
            return new Batch(new float[0], transform.channels(), transform.height(), transform.width(),
                    new int[0], new String[0], new int[0]);
        }
        return it.next();
    }

    /** The images left out during the current (or last) pass, in dataset order of discovery. */
    public List<SkippedImage> skipped() {
        synchronized (skipped) {
            return List.copyOf(skipped);
        }
    }

    /** The dataset being loaded. */
    public ImageDataset dataset() {
        return dataset;
    }

    /** Stops the worker threads; pending work is abandoned. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
