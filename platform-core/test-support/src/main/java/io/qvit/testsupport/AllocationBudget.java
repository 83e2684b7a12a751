package io.qvit.testsupport;

import java.lang.management.ManagementFactory;

/**
 * How many bytes a parser may allocate for an input of a given length: a fixed base allowance
 * (class initialisation, buffers of a fixed size, the JDK's own caches) plus a factor per input
 * byte (the parsed structure, strings, a decompressed copy). Allocation is measured on the calling
 * thread with {@link com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long)}, which counts
 * every byte the thread allocated, kept or not; where the JVM does not offer it, nothing is checked.
 *
 * <p>A parser that allocates far more than its input justifies (an array sized from an untrusted
 * length field, a decompression bomb, an exponential walk) exceeds the budget by orders of
 * magnitude, so the allowances can be generous and still catch it.
 */
public final class AllocationBudget {
    /** The base allowance most parsers get: 8 MiB. */
    public static final long DEFAULT_BASE = 8L << 20;

    private static final com.sun.management.ThreadMXBean THREADS = threads();

    private final long base;
    private final long perInputByte;

    private AllocationBudget(long base, long perInputByte) {
        if (base < 0 || perInputByte < 0) {
            throw new IllegalArgumentException("allowances must be non-negative: " + base + ", " + perInputByte);
        }
        this.base = base;
        this.perInputByte = perInputByte;
    }

    /** A budget of {@code base} bytes plus {@code perInputByte} bytes for each byte of input. */
    public static AllocationBudget of(long base, long perInputByte) {
        return new AllocationBudget(base, perInputByte);
    }

    /** The bytes allowed for an input of {@code inputLength} bytes. */
    public long allowed(long inputLength) {
        return base + perInputByte * inputLength;
    }

    /** Whether allocation can be measured on this JVM. */
    public static boolean measurable() {
        return THREADS != null;
    }

    /** Bytes allocated so far by the calling thread, or -1 when that cannot be measured. */
    public static long allocatedByThisThread() {
        return THREADS == null ? -1 : THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /**
     * Fails when {@code allocated} bytes exceed the budget for an input of {@code inputLength} bytes.
     *
     * @throws AssertionError naming both figures and {@code what}
     */
    public void check(String what, long inputLength, long allocated) {
        if (allocated > allowed(inputLength)) {
            throw new AssertionError(what + " allocated " + allocated + " bytes for a " + inputLength
                    + "-byte input; the budget is " + allowed(inputLength) + " (" + base + " + " + perInputByte
                    + " per input byte)");
        }
    }

    private static com.sun.management.ThreadMXBean threads() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported()) {
            if (!t.isThreadAllocatedMemoryEnabled()) {
                t.setThreadAllocatedMemoryEnabled(true);
            }
            return t;
        }
        return null;
    }
}
