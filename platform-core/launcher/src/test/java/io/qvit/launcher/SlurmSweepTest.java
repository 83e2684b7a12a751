package io.qvit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.qvit.launcher.internal.PlatformLayout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qvit sweep --executor slurm} on a real single-node SLURM cluster started by the test
 * ({@link LocalSlurm}): a 4-cell sweep of the quickstart model (uniform and RepQ-ViT at W4A4 and
 * W8A8, 1,000 test images) goes out as one job array; every task finishes its cell, {@code --status}
 * shows four finished cells, {@code sacct} (slurmdbd accounting, where installed) lists the four
 * array tasks COMPLETED, {@code --collect} merges them, and a second submission sends nothing.
 * Skipped without root, the SLURM packages or Fashion-MNIST.
 */
class SlurmSweepTest {
    @TempDir
    Path dir;

    @Test
    void aJobArrayRunsEveryCellAndTheReportMergesThem() throws Exception {
        String why = LocalSlurm.unavailable();
        assumeTrue(why == null, "skipped: no local SLURM cluster: " + why);
        Path data = Path.of(System.getenv().getOrDefault("QVIT_FASHION_MNIST", "/usr/share/datasets/fashion-mnist"));
        assumeTrue(Files.isRegularFile(data.resolve("t10k-images-idx3-ubyte.gz")) || Files.isRegularFile(data.resolve("t10k-images-idx3-ubyte")),
                "skipped: Fashion-MNIST is not installed at " + data + " (apt-get install dataset-fashion-mnist)");
        Path weights = Path.of("../../experiments/quickstart/fashion-vit.safetensors").toAbsolutePath().normalize();
        Path file = dir.resolve("slurm-sweep.yaml");
        Files.writeString(file, """
                name: slurm-sweep
                matrix:
                  method: [{name: uniform, preset: null}, {name: repq, preset: repq}]
                  bits: [4, 8]
                model: {weights: "%s"}
                data:
                  calibration: {images: "%s", split: train, limit: 32}
                  evaluation:
                    - {name: test-1000, images: "%s", split: test, limit: 1000}
                quantization: {method: "${matrix.method.preset}", weights: {bits: "${matrix.bits}"}, activations: {bits: "${matrix.bits}"}}
                runtime: {batch_size: 250}
                """.formatted(weights, data, data));
        Path home = Files.createDirectories(dir.resolve("home"));
        PlatformLayout layout = PlatformLayout.of(home, Path.of("target/bundles"), Path.of("target/shipped-plugins"),
                home.resolve("plugins"));
        Path out = dir.resolve("sweep");
        String previousCache = System.getProperty("qvit.cache");
        System.setProperty("qvit.cache", dir.resolve("cache").toString());
        try (LocalSlurm slurm = LocalSlurm.start(dir.resolve("slurm"))) {
            String sbatch = slurm.sbatch().toString();
            StringWriter so = new StringWriter();
            StringWriter se = new StringWriter();
            assertEquals(0, Main.run(layout, new String[] {"sweep", file.toString(), "--out", out.toString(), "--executor", "slurm",
                    "--sbatch", sbatch, "--threads", "1"}, new PrintWriter(so), new PrintWriter(se)), so + "\n" + se);
            assertTrue(so.toString().contains("submitted SLURM job array"), so.toString());
            String job = Files.readString(out.resolve("slurm/job_id")).strip();
            List<String> ids = List.of("uniform_4", "uniform_8", "repq_4", "repq_8");
            long deadline = System.nanoTime() + 900_000_000_000L;
            while (System.nanoTime() < deadline && !ids.stream().allMatch(id -> Files.exists(out.resolve("cells/" + id + "/exit_code")))) {
                Thread.sleep(1000);
            }
            for (String id : ids) {
                Path code = out.resolve("cells/" + id + "/exit_code");
                assertTrue(Files.exists(code), id + " did not finish: " + slurm.output(List.of("squeue")) + slurm.logs());
                assertEquals("0", Files.readString(code).strip(), id + ": " + Files.readString(out.resolve("cells/" + id + "/run.log")));
            }
            if (slurm.accounts()) {
                // The accounting record of each task arrives shortly after its cell's files.
                List<String> format = List.of("sacct", "-X", "-j", job, "--format=JobID,JobName%20,Partition,State,ExitCode,Elapsed");
                String listing = slurm.output(format);
                for (int i = 0; i < 60 && completedTasks(listing, job) < 4; i++) {
                    Thread.sleep(1000);
                    listing = slurm.output(format);
                }
                System.out.println("sacct -X -j " + job + " (slurmdbd accounting of the local cluster):\n" + listing);
                assertEquals(4, completedTasks(listing, job),
                        "sacct lists the four array tasks as COMPLETED:\n" + listing + slurm.logs());
            } else {
                System.out.println("no slurmdbd/MariaDB here: the job array is not checked with sacct (apt-get install slurmdbd mariadb-server)");
            }
            StringWriter status = new StringWriter();
            assertEquals(0, Main.run(layout, new String[] {"sweep", file.toString(), "--out", out.toString(), "--status"},
                    new PrintWriter(status), new PrintWriter(new StringWriter())));
            assertEquals(4, status.toString().lines().filter(l -> l.contains(" finished ")).count(), status.toString());
            assertTrue(status.toString().contains("SLURM job array " + job), status.toString());
            StringWriter collect = new StringWriter();
            assertEquals(0, Main.run(layout, new String[] {"sweep", file.toString(), "--out", out.toString(), "--collect"},
                    new PrintWriter(collect), new PrintWriter(new StringWriter())));
            assertTrue(collect.toString().contains("4 of 4 cells finished"), collect.toString());
            assertEquals(5, Files.readAllLines(out.resolve("summary.csv")).size());
            StringWriter again = new StringWriter();
            assertEquals(0, Main.run(layout, new String[] {"sweep", file.toString(), "--out", out.toString(), "--executor", "slurm",
                    "--sbatch", sbatch}, new PrintWriter(again), new PrintWriter(new StringWriter())));
            assertTrue(again.toString().contains("4 finished, 0 to run") && !again.toString().contains("submitted"), again.toString());
        } finally {
            if (previousCache == null) {
                System.clearProperty("qvit.cache");
            } else {
                System.setProperty("qvit.cache", previousCache);
            }
        }
    }

    /** The array tasks of {@code job} that a {@code sacct -X} listing shows COMPLETED. */
    private static long completedTasks(String listing, String job) {
        return listing.lines().filter(l -> l.matches("\\s*" + job + "_\\d+ .* COMPLETED .*")).count();
    }
}
