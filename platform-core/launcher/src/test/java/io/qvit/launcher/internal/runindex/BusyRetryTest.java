package io.qvit.launcher.internal.runindex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** {@link BusyRetry}: BUSY is retried up to the attempts, any other SQLite error fails at once. */
class BusyRetryTest {

    @Test
    void retriesWhileSqliteIsBusyAndFailsOnOtherErrorsAtOnce() throws Exception {
        Path file = Path.of("runs", RunsIndex.FILE);
        int[] calls = {0};
        String opened = BusyRetry.run(file, () -> {
            if (++calls[0] < 3) {
                throw new SQLException("[SQLITE_BUSY] The database file is locked", null, 5);
            }
            return "open";
        }, 20);
        assertEquals("open", opened);
        assertEquals(3, calls[0]);

        calls[0] = 0;
        RunsIndexException busyToTheEnd = assertThrows(RunsIndexException.class, () -> BusyRetry.run(file,
                () -> {
                    calls[0]++;
                    throw new SQLException("[SQLITE_BUSY_RECOVERY] locked", null, 5 | (1 << 8));
                }, 3));
        assertEquals(3, calls[0]);
        assertTrue(busyToTheEnd.getMessage().startsWith(file + ": cannot open the runs index"), busyToTheEnd.getMessage());

        calls[0] = 0;
        assertThrows(RunsIndexException.class, () -> BusyRetry.run(file, () -> {
            calls[0]++;
            throw new SQLException("[SQLITE_CORRUPT] not a database", null, 11);
        }, 20));
        assertEquals(1, calls[0]);
    }
}
