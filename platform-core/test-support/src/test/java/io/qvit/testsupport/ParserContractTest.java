package io.qvit.testsupport;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ParserContractTest {
    private final ParserContract contract = ParserContract.of("test parser", IOException.class,
            AllocationBudget.of(1 << 20, 16));

    @Test
    void returningOrTheDeclaredExceptionKeepsTheContract() {
        assertDoesNotThrow(() -> contract.check(10, () -> { }));
        assertDoesNotThrow(() -> contract.check(10, () -> {
            throw new IOException("bad header");
        }));
    }

    @Test
    void anyOtherThrowableBreaksIt() {
        AssertionError e = assertThrows(AssertionError.class, () -> contract.check(10, () -> {
            throw new ArrayIndexOutOfBoundsException(3);
        }));
        assertTrue(e.getMessage().contains("ArrayIndexOutOfBoundsException"), e.getMessage());
        assertThrows(AssertionError.class, () -> contract.check(10, () -> {
            throw new StackOverflowError();
        }));
    }

    @Test
    void theDeclaredExceptionNeedsAMessage() {
        assertThrows(AssertionError.class, () -> contract.check(10, () -> {
            throw new IOException();
        }));
    }

    @Test
    void allocationBeyondTheBudgetBreaksIt() {
        assumeTrue(AllocationBudget.measurable(), "this JVM cannot measure per-thread allocation");
        AssertionError e = assertThrows(AssertionError.class, () -> contract.check(10, () -> {
            byte[] big = new byte[8 << 20];
            big[1] = 1;
        }));
        assertTrue(e.getMessage().contains("allocated"), e.getMessage());
        assertDoesNotThrow(() -> contract.check(1 << 20, () -> {
            byte[] fine = new byte[8 << 20];
            fine[1] = 1;
        }));
    }

    @Test
    void aOneTimeCostOfTheFirstRunIsForgiven() {
        assumeTrue(AllocationBudget.measurable(), "this JVM cannot measure per-thread allocation");
        int[] runs = {0};
        assertDoesNotThrow(() -> contract.check(10, () -> {
            if (runs[0]++ == 0) {
                byte[] classLoading = new byte[8 << 20];
                classLoading[1] = 1;
            }
        }));
        assertTrue(runs[0] == 2);
    }

    @Test
    void budgetIsBasePlusAFactorPerInputByte() {
        AllocationBudget b = AllocationBudget.of(100, 3);
        assertTrue(b.allowed(0) == 100 && b.allowed(10) == 130);
        assertThrows(IllegalArgumentException.class, () -> AllocationBudget.of(-1, 0));
    }
}
