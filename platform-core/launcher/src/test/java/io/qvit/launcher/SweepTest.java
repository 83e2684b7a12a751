package io.qvit.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.launcher.internal.PlatformLayout;
import io.qvit.testsupport.MicroVit;
import io.qvit.testsupport.TestImages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qvit sweep} on a random-weight micro ViT: a 2×2 matrix (method × bits) whose sweep is
 * killed after its first cell finished, then started again: it runs only the missing cells (the
 * finished cell's results are byte-identical), writes {@code summary.csv}/{@code summary.md} with
 * every cell, {@code report.html} shows every cell of the table with its plots, {@code --status}
 * shows every cell finished and every cell is in the sweep's runs index; a cell whose experiment changed runs
 * again and replaces its results.
 */
class SweepTest {
    @TempDir
    Path dir;

    private static final String SWEEP = """
            name: micro-sweep
            matrix:
              method: [{name: uniform, preset: null}, {name: repq, preset: repq}]
              bits: [4, 8]
            model: {weights: micro.safetensors}
            data:
              calibration: {images: images, limit: 4}
              evaluation:
                - {name: all, images: images, labels: images/labels.txt}
            quantization: {method: "${matrix.method.preset}", weights: {bits: "${matrix.bits}"}, activations: {bits: "${matrix.bits}"}}
            runtime: {threads: 1, batch_size: 4}
            """;

    private PlatformLayout layout(Path home) {
        return PlatformLayout.of(home, Path.of("target/bundles"), Path.of("target/shipped-plugins"), home.resolve("plugins"));
    }

    @Test
    void aKilledSweepResumesWithOnlyTheMissingCells() throws Exception {
        MicroVit.SMALL.write(dir.resolve("micro.safetensors"), 3);
        TestImages.write(dir.resolve("images"), 8, 40, 36, 10, 5);
        Path file = dir.resolve("sweep.yaml");
        Files.writeString(file, SWEEP);
        Path home = Files.createDirectories(dir.resolve("home"));
        Path out = dir.resolve("out");
        Path first = out.resolve("cells/uniform_4/results.json");

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Dqvit.cache=" + dir.resolve("cache")));
        layout(home).systemProperties().forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "sweep", file.toString(),
                "--out", out.toString(), "--jobs", "1", "--threads", "1"));
        Process sweep = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("first.log").toFile()).start();
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (!Files.exists(first) && sweep.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(Files.exists(first), "the first cell did not finish: " + Files.readString(dir.resolve("first.log")));
        sweep.destroy();
        sweep.waitFor();
        byte[] firstResults = Files.readAllBytes(first);
        assertTrue(!Files.exists(out.resolve("cells/repq_8/results.json")), "the sweep was killed before its last cell");

        String previousCache = System.getProperty("qvit.cache");
        System.setProperty("qvit.cache", dir.resolve("cache").toString());
        try {
            StringWriter so = new StringWriter();
            StringWriter se = new StringWriter();
            int code = Main.run(layout(home), new String[] {"sweep", file.toString(), "--out", out.toString(), "--jobs", "1",
                    "--threads", "1"}, new PrintWriter(so), new PrintWriter(se));
            assertEquals(0, code, so + "\n" + se);
            assertTrue(so.toString().contains("4 cells, 1 finished, 3 to run")
                    || so.toString().contains("4 cells, 2 finished, 2 to run"), so.toString());
            assertArrayEquals(firstResults, Files.readAllBytes(first), "a finished cell is not recomputed");
            for (String id : List.of("uniform_4", "uniform_8", "repq_4", "repq_8")) {
                assertTrue(Files.exists(out.resolve("cells/" + id + "/results.json")), id);
            }
            List<String> csv = Files.readAllLines(out.resolve("summary.csv"));
            assertEquals(5, csv.size(), String.join("\n", csv));
            assertTrue(csv.get(0).startsWith("method,bits,set,images,fp32_top1,top1,"), csv.get(0));
            assertTrue(csv.stream().skip(1).allMatch(l -> l.contains(",finished,")), String.join("\n", csv));
            String md = Files.readString(out.resolve("summary.md"));
            assertTrue(md.contains("| method | float32 | bits 4 | bits 8 |"), md);
            assertTrue(md.contains("| uniform |") && md.contains("| repq |"), md);
            assertTrue(md.contains("4 of 4 cells finished"), md);
            String html = Files.readString(out.resolve("report.html"));
            md.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| method")).forEach(l -> {
                for (String cell : l.substring(1).split("\\|")) {
                    assertTrue(html.contains(">" + cell.strip() + "</td>"), "report.html lacks " + cell + " of " + l);
                }
            });
            assertTrue(html.contains("<svg"), "report.html has no plot");
            assertTrue(Files.exists(out.resolve("plots/top1-all.svg")) && Files.exists(out.resolve("plots/top1-all.png")),
                    "no plots/top1-all.svg/.png");

            StringWriter st = new StringWriter();
            assertEquals(0, Main.run(layout(home), new String[] {"sweep", file.toString(), "--out", out.toString(), "--status"},
                    new PrintWriter(st), new PrintWriter(new StringWriter())));
            assertEquals(4, st.toString().lines().filter(l -> l.contains(" finished ")).count(), st.toString());

            // every cell recorded itself in the sweep folder's runs index (created before the cells ran)
            StringWriter listed = new StringWriter();
            assertEquals(0, Main.run(layout(home), new String[] {"runs", "list", "--root", out.toString(), "--json"},
                    new PrintWriter(listed), new PrintWriter(new StringWriter())));
            assertEquals(4, listed.toString().lines().count(), listed.toString());
            assertTrue(listed.toString().contains("\"path\":\"cells/uniform_4\"") && listed.toString().contains("\"method\":\"repq\""),
                    listed.toString());

            StringWriter again = new StringWriter();
            assertEquals(0, Main.run(layout(home), new String[] {"sweep", file.toString(), "--out", out.toString(), "--jobs", "1",
                    "--threads", "1"}, new PrintWriter(again), new PrintWriter(new StringWriter())));
            assertTrue(again.toString().contains("4 cells, 4 finished, 0 to run"), again.toString());

            // a changed experiment gives the cell a new config hash: it runs again, replacing its old results
            Files.writeString(file, SWEEP.replace("name: micro-sweep", "name: micro-sweep\ndescription: changed"));
            StringWriter changed = new StringWriter();
            StringWriter changedErr = new StringWriter();
            assertEquals(0, Main.run(layout(home), new String[] {"sweep", file.toString(), "--out", out.toString(), "--jobs", "1",
                    "--threads", "1", "--cells", "uniform_4"}, new PrintWriter(changed), new PrintWriter(changedErr)),
                    changed + "\n" + changedErr);
            assertTrue(changed.toString().contains("1 cells, 0 finished, 1 to run"), changed.toString());
            assertTrue(!java.util.Arrays.equals(firstResults, Files.readAllBytes(first)), "the changed cell was rerun");
        } finally {
            if (previousCache == null) {
                System.clearProperty("qvit.cache");
            } else {
                System.setProperty("qvit.cache", previousCache);
            }
        }
    }

    @Test
    void oversubscriptionAndUnknownCellsAreRefused() throws Exception {
        MicroVit.SMALL.write(dir.resolve("micro.safetensors"), 3);
        TestImages.write(dir.resolve("images"), 8, 40, 36, 10, 5);
        Path file = dir.resolve("sweep.yaml");
        Files.writeString(file, SWEEP);
        Path home = Files.createDirectories(dir.resolve("home"));
        int cores = Runtime.getRuntime().availableProcessors();
        StringWriter err = new StringWriter();
        assertEquals(2, Main.run(layout(home), new String[] {"sweep", file.toString(), "--jobs", String.valueOf(cores),
                "--threads", "2"}, new PrintWriter(new StringWriter()), new PrintWriter(err)));
        assertTrue(err.toString().contains("no oversubscription"), err.toString());
        StringWriter err2 = new StringWriter();
        assertEquals(2, Main.run(layout(home), new String[] {"sweep", file.toString(), "--cells", "repq_3"},
                new PrintWriter(new StringWriter()), new PrintWriter(err2)));
        assertTrue(err2.toString().contains("no cell 'repq_3'"), err2.toString());
        StringWriter list = new StringWriter();
        assertEquals(0, Main.run(layout(home), new String[] {"validate", file.toString(), "--expand"},
                new PrintWriter(list), new PrintWriter(new StringWriter())));
        assertTrue(list.toString().matches("(?s).*repq_8 +method=repq, bits=8.*") && list.toString().contains("4 cells"), list.toString());
    }
}
