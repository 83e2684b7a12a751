package io.qvit.engine.sweep.report;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (Debian package {@code chromium}) for the report's rendering tests: the DOM
 * a page gives, the console errors it logs, and screenshots.
 */
final class Chromium {
    /** Why the tests skip without it. */
    static final String MISSING = "chromium not found on PATH (Debian package chromium; .ci/run installs it when run as root):"
            + " report.html is not rendered in a browser";

    private final Path binary;
    private final Path profile;

    private Chromium(Path binary, Path profile) {
        this.binary = binary;
        this.profile = profile;
    }

    /** Chromium from PATH with its own profile folder under {@code work}, or null when it is not installed. */
    static Chromium find(Path work) throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(p)) {
                    return new Chromium(p, Files.createDirectories(work.resolve("chromium-profile")));
                }
            }
        }
        return null;
    }

    /** What one run printed. */
    record Output(String stdout, String stderr) {
        /** The lines of the browser log that report a script error (uncaught exception or console error). */
        List<String> scriptErrors() {
            return stderr.lines().filter(l -> l.contains("CONSOLE") || l.contains("Uncaught")).toList();
        }
    }

    /** The DOM of {@code page} after loading, with the browser log (console messages included). */
    Output dumpDom(Path page) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", page.toUri().toString()));
    }

    /** A screenshot of {@code page} in a {@code width}×{@code height} window, written to {@code png}. */
    Output screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        return run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height, "--hide-scrollbars",
                page.toUri().toString()));
    }

    private Output run(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + profile.toAbsolutePath()));
        cmd.addAll(args);
        Path out = Files.createTempFile(profile.getParent(), "chromium", ".out");
        Path err = Files.createTempFile(profile.getParent(), "chromium", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new IOException("chromium did not finish in 180 s: " + String.join(" ", cmd));
        }
        return new Output(Files.readString(out), Files.readString(err));
    }
}
