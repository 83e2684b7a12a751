package io.qvit.launcher;

import io.qvit.launcher.internal.PlatformLayout;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The child JVM of {@link ReproducibilityTest}: runs {@code qvit run EXPERIMENT --out OUT} in a
 * platform whose home is {@code HOME}, with the test's bundles and shipped plugins, and exits with
 * the command's code. The vector width and thread counts come from the JVM's options.
 */
public final class ReproducibilityProbe {
    private ReproducibilityProbe() {
    }

    /** {@code HOME EXPERIMENT OUT}. */
    public static void main(String[] args) {
        Path home = Path.of(args[0]);
        System.setProperty("qvit.cache", home.resolve("cache").toString());
        PlatformLayout layout = PlatformLayout.of(home, Path.of("target/bundles"), Path.of("target/shipped-plugins"),
                home.resolve("plugins"));
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = Main.run(layout, new String[] {"run", args[1], "--out", args[2]}, out, err);
        System.exit(code);
    }
}
