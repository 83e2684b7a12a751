package io.qvit.testsupport;

/**
 * The contract every parser of user files keeps under fuzzing: on any input it either returns or
 * throws its own declared format exception (with a message), never any other throwable
 * ({@link NullPointerException}, {@link ArrayIndexOutOfBoundsException}, {@link StackOverflowError},
 * {@link OutOfMemoryError}, ...), and it allocates no more than an {@link AllocationBudget} allows
 * for the input's length. A broken contract is an {@link AssertionError}, which Jazzer reports as a
 * finding and a regression run as a failure.
 */
public final class ParserContract {
    /** One parse of one input. */
    @FunctionalInterface
    public interface Parse {
        /** Parses; may throw anything. */
        void run() throws Throwable;
    }

    private final String parser;
    private final Class<? extends Throwable> declared;
    private final AllocationBudget budget;

    private ParserContract(String parser, Class<? extends Throwable> declared, AllocationBudget budget) {
        this.parser = parser;
        this.declared = declared;
        this.budget = budget;
    }

    /**
     * The contract of {@code parser}, whose only permitted exception is {@code declared} (and its
     * subclasses), within {@code budget}.
     */
    public static ParserContract of(String parser, Class<? extends Throwable> declared, AllocationBudget budget) {
        return new ParserContract(parser, declared, budget);
    }

    /**
     * Runs {@code parse} on an input of {@code inputLength} bytes and checks the contract.
     *
     * @throws AssertionError when another throwable escapes, the declared exception has no message,
     *     or the allocation exceeds the budget
     */
    public void check(long inputLength, Parse parse) {
        long allocated = runOnce(parse);
        if (allocated > budget.allowed(inputLength)) {
            // The first parse of a JVM also pays for class loading and Jazzer's instrumentation;
            // parsers are deterministic, so a real excess shows again on a second run.
            allocated = runOnce(parse);
        }
        if (allocated >= 0) {
            budget.check(parser, inputLength, allocated);
        }
    }

    /** Runs {@code parse}, checks what it threw, and returns the bytes it allocated (-1 if unknown). */
    private long runOnce(Parse parse) {
        long before = AllocationBudget.allocatedByThisThread();
        try {
            parse.run();
        } catch (Throwable t) {
            if (!declared.isInstance(t)) {
                throw new AssertionError(parser + " threw " + t + " instead of returning or throwing "
                        + declared.getSimpleName(), t);
            }
            if (t.getMessage() == null || t.getMessage().isBlank()) {
                throw new AssertionError(parser + " threw " + declared.getSimpleName() + " without a message", t);
            }
        }
        long after = AllocationBudget.allocatedByThisThread();
        return before >= 0 && after >= 0 ? after - before : -1;
    }
}
