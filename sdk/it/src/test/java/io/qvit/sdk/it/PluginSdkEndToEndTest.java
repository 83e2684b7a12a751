package io.qvit.sdk.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #19's acceptance test, the commands of {@code docs/writing-plugins.md} in order, offline,
 * from the distribution's SDK repository only: generate a quantizer plugin from the archetype,
 * build it (the conformance kit must run), install it into the unpacked distribution, list it,
 * run the generated sample experiment with it (on synthetic Fashion-MNIST-format images), and
 * remove it. The child Maven builds use a private local repository (nothing is installed into
 * ~/.m2); third-party plugins come from ~/.m2 read as a file mirror, so the test skips with a
 * message when those are not cached there. The command log is {@code target/it-commands.log}.
 */
class PluginSdkEndToEndTest {
    private static final String ARCHETYPE_PLUGIN = "org.apache.maven.plugins:maven-archetype-plugin:3.3.1";

    @TempDir
    Path tmp;

    @Test
    void archetypeBuildConformanceInstallRunRemove() throws Exception {
        Path dist = Path.of(System.getProperty("qvit.distribution", "../../distribution/target/qvit/qvit")).toAbsolutePath().normalize();
        Path mavenLocal = Path.of(System.getProperty("qvit.mavenLocal", System.getProperty("user.home") + "/.m2/repository"));
        Path mvn = Path.of(System.getProperty("qvit.mavenHome", "/usr/share/maven"), "bin", "mvn");
        assumeTrue(Files.isDirectory(dist.resolve("sdk/repository")) && Files.isExecutable(dist.resolve("bin/qvit")),
                "skipped: no assembled distribution with sdk/repository at " + dist + " (run mvn package first)");
        assumeTrue(Files.isExecutable(mvn), "skipped: no mvn at " + mvn);
        assumeTrue(Files.isDirectory(mavenLocal.resolve("org/apache/maven/plugins/maven-archetype-plugin/3.3.1")),
                "skipped offline: " + ARCHETYPE_PLUGIN + " is not in " + mavenLocal
                        + " (fetch it once: mvn dependency:get -Dartifact=" + ARCHETYPE_PLUGIN + " -Dpackaging=maven-plugin)");

        Path work = Files.createDirectories(tmp.resolve("work"));
        Path plugins = tmp.resolve("plugins");
        Path data = syntheticFashionMnist(Files.createDirectories(tmp.resolve("fashion-mnist")));
        Path mirror = Files.writeString(tmp.resolve("offline-mirror.xml"), "<settings><mirrors><mirror><id>local-cache</id>"
                + "<mirrorOf>external:*</mirrorOf><url>" + mavenLocal.toUri() + "</url></mirror></mirrors></settings>");
        Path log = Path.of("target/it-commands.log").toAbsolutePath();
        Files.deleteIfExists(log);
        Commands sh = new Commands(log, Map.of("QVIT_HOME", dist.toString(), "QVIT_PLUGINS", plugins.toString(),
                "QVIT_FASHION_MNIST", data.toString(), "QVIT_CACHE", tmp.resolve("cache").toString()));
        String[] maven = {mvn.toString(), "-B", "-s", dist.resolve("sdk/settings.xml").toString(),
            "-gs", mirror.toString(), "-Dmaven.repo.local=" + tmp.resolve("m2")};

        // 1. Generate the project from the archetype.
        Commands.Result gen = sh.run(work, 120, concat(maven, ARCHETYPE_PLUGIN + ":generate",
                "-DarchetypeGroupId=io.qvit", "-DarchetypeArtifactId=qvit-plugin-archetype", "-DarchetypeVersion=1.1.0",
                "-DgroupId=org.example", "-DartifactId=pow2", "-Dversion=1.0.0", "-Dpackage=org.example.pow2",
                "-DpluginId=pow2", "-DclassName=Pow2Quantizer", "-DinteractiveMode=false"));
        assertEquals(0, gen.code(), gen.output());
        Path project = work.resolve("pow2");

        // 2. Build it: the conformance kit and the descriptor test must run.
        Commands.Result build = sh.run(project, 180, concat(maven, "verify"));
        assertEquals(0, build.code(), build.output());
        assertTrue(build.output().matches("(?s).*Tests run: [1-9]\\d*, Failures: 0, Errors: 0.*in org\\.example\\.pow2\\.Pow2QuantizerConformanceTest.*"),
                "the conformance kit did not run:\n" + build.output());
        Path jar = project.resolve("target/pow2-1.0.0.jar");

        // 3. Check and install it into the unpacked distribution.
        Path qvit = dist.resolve("bin/qvit");
        Commands.Result check = sh.run(project, 60, qvit.toString(), "plugins", "check", "target/pow2-1.0.0.jar");
        assertEquals(0, check.code(), check.output());
        Commands.Result install = sh.run(project, 60, qvit.toString(), "plugins", "install", "target/pow2-1.0.0.jar");
        assertEquals(0, install.code(), install.output());
        JsonNode lock = new ObjectMapper().readTree(plugins.resolve("plugins.lock.json").toFile()).path("plugins").get(0);
        assertEquals(sha256(jar), lock.path("sha256").asText());
        Commands.Result list = sh.run(project, 60, qvit.toString(), "plugins");
        assertEquals(0, list.code(), list.output());
        assertTrue(list.output().lines().anyMatch(l -> l.contains("pow2") && l.contains("ACTIVE")), list.output());

        // 4. Run the sample experiment with the new quantizer.
        Path run = tmp.resolve("run");
        Commands.Result exp = sh.run(project, 180, qvit.toString(), "run", "experiments/pow2-w8a8.yaml", "--out", run.toString());
        assertEquals(0, exp.code(), exp.output());
        JsonNode pow2 = new ObjectMapper().readTree(run.resolve("provenance.json").toFile()).path("plugin_bundles").path("Quantizer:pow2");
        assertEquals("pow2", pow2.path("bundle").asText(), pow2.toString());
        assertEquals(sha256(jar), pow2.path("sha256").asText());

        // 5. Remove it.
        Commands.Result remove = sh.run(project, 60, qvit.toString(), "plugins", "remove", "pow2");
        assertEquals(0, remove.code(), remove.output());
        assertFalse(Files.exists(plugins.resolve("pow2-1.0.0.jar")));
        System.out.printf("qvit plugins with one plugin jar: %.2f s (whole command, JVM start included)%n", list.seconds());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    /** 16 training and 64 test images of random pixels in the IDX format of Fashion-MNIST. */
    private static Path syntheticFashionMnist(Path dir) throws IOException {
        Random r = new Random(0);
        for (String split : new String[] {"train", "t10k"}) {
            int n = split.equals("train") ? 16 : 64;
            try (DataOutputStream img = new DataOutputStream(Files.newOutputStream(dir.resolve(split + "-images-idx3-ubyte")));
                 DataOutputStream lab = new DataOutputStream(Files.newOutputStream(dir.resolve(split + "-labels-idx1-ubyte")))) {
                img.writeInt(2051);
                img.writeInt(n);
                img.writeInt(28);
                img.writeInt(28);
                byte[] pixels = new byte[n * 28 * 28];
                r.nextBytes(pixels);
                img.write(pixels);
                lab.writeInt(2049);
                lab.writeInt(n);
                for (int i = 0; i < n; i++) {
                    lab.writeByte(r.nextInt(10));
                }
            }
        }
        return dir;
    }
}
