package io.qvit.launcher;

import io.qvit.launcher.internal.PlatformLayout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Runs one {@code qvit} command line in-process against a test installation and captures
 * everything it prints: its own output and error writers and the process console
 * ({@code System.out}/{@code System.err}, where OSGi bundles print).
 *
 * @param code the exit code
 * @param out standard output of the command
 * @param err standard error of the command
 * @param console what was printed on System.out and System.err meanwhile
 */
record CliRun(int code, String out, String err, String console) {

    /** A layout over {@code home} with the launcher's core bundles and {@code home/shipped}, {@code home/plugins}. */
    static PlatformLayout layout(Path home) {
        return PlatformLayout.of(home, Path.of("target/bundles"), home.resolve("shipped"), home.resolve("plugins"));
    }

    static synchronized CliRun run(Path home, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(console, true, StandardCharsets.UTF_8);
        int code;
        try {
            System.setOut(capture);
            System.setErr(capture);
            code = Main.run(layout(home), args, new PrintWriter(out), new PrintWriter(err));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        CliRun r = new CliRun(code, out.toString(), err.toString(), console.toString(StandardCharsets.UTF_8));
        oldOut.println("qvit " + String.join(" ", args) + " -> " + code + "\n" + r.out() + r.err() + r.console());
        return r;
    }
}
