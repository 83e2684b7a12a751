package io.qvit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.qvit.launcher.internal.PlatformLayout;
import io.qvit.testsupport.MicroVit;
import io.qvit.testsupport.TestImages;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #21: {@code qvit run} on unreadable inputs (a truncated safetensors checkpoint, a pickle
 * naming a forbidden global, weights holding a NaN, an image folder with a symbolic link loop, a
 * binary experiment file) prints one line naming the file and exits with 2 (bad input), never 0 or 1;
 * so does {@code qvit bench --weights} on a truncated checkpoint.
 */
class HostileInputExitCodeTest {
    @TempDir
    Path home;

    private Path images;

    @BeforeEach
    void setUp() throws IOException {
        System.setProperty("qvit.cache", home.resolve("cache").toString());
        images = TestImages.write(home.resolve("images"), 4, 40, 40, 10, 1);
    }

    @AfterEach
    void tearDown() {
        System.clearProperty("qvit.cache");
    }

    private List<String> run(Path weights, Path imageDir, String... expectedInLine) throws IOException {
        Path exp = home.resolve("exp.yaml");
        Files.writeString(exp, """
                name: hostile
                model: {weights: "%s"}
                data:
                  evaluation:
                    - {name: set, images: "%s"}
                runtime: {threads: 1, batch_size: 2}
                """.formatted(weights.toAbsolutePath(), imageDir.toAbsolutePath()));
        return expectBadInput(exp, expectedInLine);
    }

    private List<String> expectBadInput(Path exp, String... expectedInLine) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PlatformLayout layout = PlatformLayout.of(home, Path.of("target/bundles"), Path.of("target/shipped-plugins"),
                home.resolve("plugins"));
        int code = Main.run(layout, new String[] {"run", exp.toString(), "--out", home.resolve("run").toString()},
                new PrintWriter(out), new PrintWriter(err));
        List<String> lines = err.toString().lines().filter(l -> !l.isBlank() && !l.startsWith("qvit: set")).toList();
        assertEquals(2, code, "exit code; stderr: " + err + "\nstdout: " + out);
        assertEquals(1, lines.size(), "one error line expected: " + lines);
        assertTrue(lines.get(0).startsWith(exp.toString()), lines.get(0));
        for (String s : expectedInLine) {
            assertTrue(lines.get(0).contains(s), "'" + s + "' not in: " + lines.get(0));
        }
        return lines;
    }

    @Test
    void truncatedSafetensorsIsBadInput() throws Exception {
        Path f = MicroVit.SMALL.write(home.resolve("micro.safetensors"), 1);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() / 2);
        }
        run(f, images, "model.weights: " + f.toAbsolutePath(), "truncated");
    }

    @Test
    void pickleWithAForbiddenGlobalIsBadInput() throws Exception {
        Path f = home.resolve("evil.pth");
        try (OutputStream os = Files.newOutputStream(f); ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            zip.write(new byte[] {(byte) 0x80, 2, 'c'});
            zip.write("os\nsystem\n".getBytes(StandardCharsets.US_ASCII));
            zip.write('.');
            zip.closeEntry();
        }
        run(f, images, "model.weights: " + f.toAbsolutePath(), "'os.system'");
    }

    @Test
    void nanInTheWeightsIsBadInputNotATop1Of100Percent() throws Exception {
        Path f = MicroVit.SMALL.write(home.resolve("nan.safetensors"), 1);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(len, 0);
            long dataStart = 8 + len.flip().getLong();
            ch.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(Float.NaN).flip(), dataStart);
        }
        run(f, images, "model.weights: " + f.toAbsolutePath(), "holds NaN at element 0");
    }

    @Test
    void symbolicLinkLoopInTheImageFolderIsBadInput() throws Exception {
        Path f = MicroVit.SMALL.write(home.resolve("micro.safetensors"), 1);
        Path cls = Files.createDirectories(home.resolve("folders/n01"));
        Files.copy(images.resolve("img0.png"), cls.resolve("img0.png"));
        try {
            Files.createSymbolicLink(cls.resolve("again"), cls);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "cannot create symbolic links here: " + e);
        }
        run(f, home.resolve("folders"), "symbolic link loop");
    }

    @Test
    void binaryExperimentFileIsBadInput() throws Exception {
        Path exp = home.resolve("garbage.yaml");
        Files.write(exp, new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xff, (byte) 0xfe, 0, 1, 2});
        expectBadInput(exp, "binary file");
    }

    @Test
    void benchOfATruncatedCheckpointIsBadInput() throws Exception {
        Path f = MicroVit.SMALL.write(home.resolve("micro.safetensors"), 1);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() / 2);
        }
        StringWriter err = new StringWriter();
        PlatformLayout layout = PlatformLayout.of(home, Path.of("target/bundles"), Path.of("target/shipped-plugins"),
                home.resolve("plugins"));
        int code = Main.run(layout, new String[] {"bench", "--weights", f.toString(), "--iterations", "1"},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(2, code, err.toString());
        List<String> lines = err.toString().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("qvit: " + f), lines.get(0));
    }
}
