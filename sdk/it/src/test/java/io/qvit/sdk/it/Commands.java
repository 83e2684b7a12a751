package io.qvit.sdk.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the shell commands of docs/writing-plugins.md as child processes, with a timeout, capturing their output. */
final class Commands {
    /** A finished command. */
    record Result(int code, String output, double seconds) {
    }

    private final Path log;
    private final Map<String, String> env;

    /** Commands whose output is appended to {@code log}, with {@code env} added to the environment. */
    Commands(Path log, Map<String, String> env) {
        this.log = log;
        this.env = env;
    }

    Result run(Path dir, long timeoutSeconds, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path out = Files.createTempFile(log.getParent(), "cmd-", ".log");
        pb.redirectOutput(out.toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("timed out after " + timeoutSeconds + " s: " + String.join(" ", command)
                    + "\n" + Files.readString(out, StandardCharsets.UTF_8));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String text = Files.readString(out, StandardCharsets.UTF_8);
        Files.delete(out);
        List<String> lines = new ArrayList<>();
        lines.add(String.format("$ (cd %s; %s)  -> exit %d in %.1f s", dir, String.join(" ", command), p.exitValue(), seconds));
        lines.add(text);
        Files.writeString(log, String.join("\n", lines) + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        return new Result(p.exitValue(), text, seconds);
    }
}
