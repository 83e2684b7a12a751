package io.qvit.engine.sweep;

import io.qvit.engine.run.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs cells on this machine, {@code jobs} at a time, each as a child process (a {@code qvit run
 * FILE --cell ID} of its own, so that one cell's crash or memory never takes the sweep down). A
 * cell's output goes to its {@code run.log}, its exit code to {@code exit_code}; children still
 * running when the sweep is interrupted are stopped, and a cell killed half-way resumes from its
 * run folder the next time.
 */
public final class LocalExecutor {
    private final SweepFolder folder;
    private final int jobs;
    private final Function<String, List<String>> command;
    private final PrintWriter progress;

    /**
     * An executor.
     *
     * @param folder the sweep folder
     * @param jobs cells run at once (≥ 1)
     * @param command the command line that runs one cell, given its id
     * @param progress where a line per started and ended cell goes
     */
    public LocalExecutor(SweepFolder folder, int jobs, Function<String, List<String>> command, PrintWriter progress) {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be ≥ 1, got " + jobs);
        }
        this.folder = folder;
        this.jobs = jobs;
        this.command = command;
        this.progress = progress;
    }

    /**
     * Runs the cells and waits for all of them.
     *
     * @return each cell's exit code, in the order given
     */
    public Map<String, Integer> run(List<String> cells) throws IOException, InterruptedException {
        List<Process> live = new ArrayList<>();
        Thread stopper = new Thread(() -> {
            synchronized (live) {
                live.forEach(Process::destroy);
            }
        }, "qvit-sweep-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        try {
            Map<String, Future<Integer>> futures = new LinkedHashMap<>();
            int total = cells.size();
            int[] done = {0};
            for (String id : cells) {
                futures.put(id, pool.submit(() -> {
                    int code = runOne(id, live);
                    synchronized (done) {
                        done[0]++;
                        say(String.format("[%d/%d] %s %s", done[0], total, id,
                                code == 0 ? "finished" : "FAILED (exit " + code + "; see " + folder.log(id) + ")"));
                    }
                    return code;
                }));
            }
            Map<String, Integer> codes = new LinkedHashMap<>();
            for (Map.Entry<String, Future<Integer>> e : futures.entrySet()) {
                try {
                    codes.put(e.getKey(), e.getValue().get());
                } catch (ExecutionException ex) {
                    throw new IOException("cell " + e.getKey() + ": " + ex.getCause().getMessage(), ex.getCause());
                }
            }
            return codes;
        } finally {
            pool.shutdownNow();
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running
            }
        }
    }

    private int runOne(String id, List<Process> live) throws IOException, InterruptedException {
        Path dir = folder.cell(id);
        Files.createDirectories(dir);
        Files.deleteIfExists(folder.exitCode(id));
        say("start " + id);
        ProcessBuilder pb = new ProcessBuilder(command.apply(id))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.log(id).toFile()));
        Process p;
        synchronized (live) {
            p = pb.start();
            live.add(p);
        }
        try {
            int code = p.waitFor();
            AtomicFiles.write(folder.exitCode(id), code + "\n");
            return code;
        } finally {
            synchronized (live) {
                live.remove(p);
            }
            if (p.isAlive()) {
                p.destroy();
            }
        }
    }

    private void say(String line) {
        synchronized (progress) {
            progress.println("qvit sweep: " + line);
            progress.flush();
        }
    }
}
