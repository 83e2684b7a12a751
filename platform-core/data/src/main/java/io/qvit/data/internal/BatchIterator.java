package io.qvit.data.internal;

import io.qvit.data.Batch;
import io.qvit.data.ImageDataset;
import io.qvit.data.ImageTransform;
import io.qvit.data.SkippedImage;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * One pass of a {@link io.qvit.data.BatchLoader}: keeps up to {@code prefetch} images being
 * decoded on the pool, takes their results in dataset order, and assembles full batches, passing
 * failures to a sink instead of throwing.
 */
public final class BatchIterator implements Iterator<Batch> {
    /** The outcome of loading one image: its values or the reason it failed. */
    private record Loaded(int index, float[] values, String error) {
    }

    private final ImageDataset dataset;
    private final ImageTransform transform;
    private final int batchSize;
    private final int prefetch;
    private final ExecutorService pool;
    private final Consumer<SkippedImage> skippedSink;
    private final ArrayDeque<Future<Loaded>> inFlight = new ArrayDeque<>();
    private int nextToSubmit;
    private Batch pending;

    /** A pass over {@code dataset}. */
    public BatchIterator(ImageDataset dataset, ImageTransform transform, int batchSize, int prefetch,
                         ExecutorService pool, Consumer<SkippedImage> skippedSink) {
        this.dataset = dataset;
        this.transform = transform;
        this.batchSize = batchSize;
        this.prefetch = Math.max(1, prefetch);
        this.pool = pool;
        this.skippedSink = skippedSink;
    }

    private void fill() {
        while (inFlight.size() < prefetch && nextToSubmit < dataset.size()) {
            int index = nextToSubmit++;
            inFlight.add(pool.submit(() -> load(index)));
        }
    }

    private Loaded load(int index) {
        try {
            return new Loaded(index, transform.apply(dataset.read(index)), null);
        } catch (Exception e) {
            String msg = e.getMessage() != null ? e.getMessage() : e.toString();
            if (!(e instanceof java.io.IOException)) {
                msg = e.getClass().getSimpleName() + ": " + msg;
            }
            return new Loaded(index, null, msg);
        }
    }

    @Override
    public boolean hasNext() {
        if (pending == null) {
            pending = assemble();
        }
        return pending != null;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Batch b = pending;
        pending = null;
        return b;
    }

    private Batch assemble() {
        int per = transform.outputSize();
        int cap = Math.min(batchSize, dataset.size());
        if (cap == 0) {
            return null;
        }
        float[] data = null;
        int[] indices = new int[cap];
        int n = 0;
        fill();
        while (n < cap && !inFlight.isEmpty()) {
            Loaded r = await(inFlight.poll());
            fill();
            if (r.error() != null) {
                skippedSink.accept(new SkippedImage(r.index(), dataset.name(r.index()), r.error()));
                continue;
            }
            if (data == null) {
                data = new float[cap * per];
            }
            System.arraycopy(r.values(), 0, data, n * per, per);
            indices[n++] = r.index();
        }
        if (n == 0) {
            return null;
        }
        if (n < cap) {
            data = java.util.Arrays.copyOf(data, n * per);
            indices = java.util.Arrays.copyOf(indices, n);
        }
        String[] names = new String[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            names[i] = dataset.name(indices[i]);
            labels[i] = dataset.label(indices[i]);
        }
        return new Batch(data, transform.channels(), transform.height(), transform.width(), indices, names, labels);
    }

    private static Loaded await(Future<Loaded> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading images", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("image loading failed", cause);
        } catch (CancellationException e) {
            throw new IllegalStateException("the batch loader was closed", e);
        }
    }
}
