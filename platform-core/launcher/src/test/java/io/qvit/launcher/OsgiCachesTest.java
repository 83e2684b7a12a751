package io.qvit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.launcher.internal.OsgiCaches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #21: every interrupted run left a {@code qvit-osgi-*} folder in the temporary directory.
 * The folders carry the pid; they are deleted at JVM exit, and folders of dead processes are
 * removed when the next one is created.
 */
class OsgiCachesTest {
    @TempDir
    Path tmp;

    @Test
    void foldersOfDeadProcessesAreRemovedAndLiveOnesKept() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(30, TimeUnit.SECONDS));
        long deadPid = gone.pid();
        Path stale = Files.createDirectories(tmp.resolve(OsgiCaches.PREFIX + deadPid + "-abc/felix"));
        Path live = Files.createDirectories(tmp.resolve(OsgiCaches.PREFIX + ProcessHandle.current().pid() + "-def"));
        Path other = Files.createDirectories(tmp.resolve(OsgiCaches.PREFIX + "notapid"));
        Path created = OsgiCaches.create(tmp);
        assertTrue(Files.notExists(stale.getParent()), "the dead process's cache is removed");
        assertTrue(Files.isDirectory(live) && Files.isDirectory(other), "live and unrecognised folders stay");
        assertTrue(created.getFileName().toString().startsWith(OsgiCaches.PREFIX + ProcessHandle.current().pid() + "-"),
                created.toString());
    }

    @Test
    void theFolderIsDeletedWhenTheJvmExits() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OsgiCacheProbe.class.getName(), tmp.toString())
                .redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes()).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), printed);
        Path dir = Path.of(printed.lines().reduce((a, b) -> b).orElse(""));
        assertTrue(dir.getFileName().toString().startsWith(OsgiCaches.PREFIX), printed);
        assertTrue(Files.notExists(dir), "deleted by the shutdown hook: " + dir);
    }
}
