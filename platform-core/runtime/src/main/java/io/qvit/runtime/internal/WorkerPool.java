package io.qvit.runtime.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fixed set of daemon threads that runs parallel loops. The calling thread takes part as worker
 * 0, so a pool of one thread runs everything inline. Each task learns its worker index, which
 * selects that worker's scratch buffers: no allocation happens inside a loop.
 *
 * <p>Pools are shared per thread count ({@link #shared(int)}) and live as long as the JVM.
 */
public final class WorkerPool {
    /** The body of a parallel loop. */
    @FunctionalInterface
    public interface Task {
        /** Runs task {@code index} on worker {@code worker} (0 &lt;= worker &lt; threads). */
        void run(int index, int worker);
    }

    private static final Map<Integer, WorkerPool> SHARED = new ConcurrentHashMap<>();

    private final int threads;
    private final ExecutorService executor;

    private WorkerPool(int threads) {
        this.threads = threads;
        if (threads > 1) {
            AtomicInteger id = new AtomicInteger();
            executor = Executors.newFixedThreadPool(threads - 1, r -> {
                Thread t = new Thread(r, "qvit-runtime-" + threads + "-" + id.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        } else {
            executor = null;
        }
    }

    /** The pool with {@code threads} workers (created on first use). */
    public static WorkerPool shared(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive: " + threads);
        }
        return SHARED.computeIfAbsent(threads, WorkerPool::new);
    }

    /** Number of workers, including the calling thread. */
    public int threads() {
        return threads;
    }

    /**
     * Runs {@code body} for every index in {@code [0, tasks)}, tasks claimed dynamically by the
     * workers, and returns when all are done. The first exception thrown by a task is rethrown.
     */
    public void run(int tasks, Task body) {
        if (tasks <= 0) {
            return;
        }
        int helpers = Math.min(threads, tasks) - 1;
        if (helpers == 0) {
            for (int i = 0; i < tasks; i++) {
                body.run(i, 0);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(helpers);
        for (int w = 1; w <= helpers; w++) {
            int worker = w;
            executor.execute(() -> {
                try {
                    drain(tasks, body, next, failure, worker);
                } finally {
                    done.countDown();
                }
            });
        }
        drain(tasks, body, next, failure, 0);
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for workers", e);
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    private static void drain(int tasks, Task body, AtomicInteger next, AtomicReference<Throwable> failure,
            int worker) {
        try {
            for (int i = next.getAndIncrement(); i < tasks && failure.get() == null; i = next.getAndIncrement()) {
                body.run(i, worker);
            }
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }
}
