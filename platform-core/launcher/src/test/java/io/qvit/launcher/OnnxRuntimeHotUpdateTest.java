package io.qvit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import aQute.bnd.osgi.Jar;
import io.qvit.api.deploy.BackendOptions;
import io.qvit.api.deploy.CalibratedModel;
import io.qvit.api.deploy.InferenceBackend;
import io.qvit.api.deploy.InferenceSession;
import io.qvit.api.model.ArchitectureFamily;
import io.qvit.api.model.ModelConfig;
import io.qvit.api.model.Preprocessing;
import io.qvit.api.model.VisionModel;
import io.qvit.api.tensor.Tensor;
import io.qvit.launcher.internal.Platform;
import io.qvit.launcher.internal.PlatformLayout;
import io.qvit.launcher.internal.PluginRecord;
import io.qvit.launcher.internal.PluginState;
import io.qvit.plugins.onnx.OnnxExporter;
import io.qvit.runtime.CompiledModel;
import io.qvit.runtime.Throughput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code onnxruntime} backend bundle in a running platform: installed from the plugin
 * folder, used, updated to a new version (a new class loader for the plugin, the same ONNX Runtime
 * classes and JNI library from the launcher class path) and used again, then removed.
 */
class OnnxRuntimeHotUpdateTest {
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final Path SHIPPED_JAR = Path.of("target/shipped-plugins/qvit-plugin-onnxruntime-0.2.0-SNAPSHOT.jar");

    @TempDir
    Path home;
    private Path plugins;
    private Platform platform;

    @BeforeEach
    void start() throws Exception {
        plugins = home.resolve("plugins");
        Files.createDirectories(home.resolve("shipped"));
        platform = Platform.start(PlatformLayout.of(home, Path.of("target/bundles"), home.resolve("shipped"), plugins),
                false, Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void installUseUpdateUseAndRemoveTheBackend() throws Exception {
        assertTrue(Files.isRegularFile(SHIPPED_JAR), SHIPPED_JAR + " (copied by the build) is missing");
        ModelConfig c = new ModelConfig("vit_test", ArchitectureFamily.VIT, 32, 8, 3, 10, 64, 2, 4, 4.0, true, 1e-6,
                "token", List.of(), List.of(), 0, Preprocessing.imagenetDefault(32));
        VisionModel m = Throughput.randomModel(c, 5);
        Path model = home.resolve("m.onnx");
        Files.write(model, OnnxExporter.graph(CalibratedModel.float32(m, Map.of()), false, new LinkedHashMap<>()));
        Tensor images = Throughput.randomImages(c, 2);
        Tensor expected = CompiledModel.build(m).forward(images);

        Path jar = plugins.resolve("onnxruntime.jar");
        Files.copy(SHIPPED_JAR, jar);
        PluginRecord r = await("onnxruntime installed", x -> x.id().equals("onnxruntime") && x.state() == PluginState.ACTIVE);
        assertEquals("InferenceBackend", r.kind());
        InferenceBackend first = backend(null);
        assertRuns(first, model, images, expected);
        // ONNX Runtime's classes come from the launcher class path (one JNI library for all plugin versions).
        assertSame(ai.onnxruntime.OrtEnvironment.class,
                first.getClass().getClassLoader().loadClass("ai.onnxruntime.OrtEnvironment"));

        withVersion(SHIPPED_JAR, "0.2.0.updated", jar);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 2000));
        await("onnxruntime updated", x -> x.id().equals("onnxruntime") && x.version().equals("0.2.0.updated")
                && x.state() == PluginState.ACTIVE);
        InferenceBackend second = backend(first);
        assertNotSame(first.getClass().getClassLoader(), second.getClass().getClassLoader(), "a new bundle revision");
        assertRuns(second, model, images, expected);

        Files.delete(jar);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (platform.registry().find(InferenceBackend.class, "onnxruntime").isPresent()) {
            if (System.nanoTime() > deadline) {
                fail("onnxruntime still registered: " + platform.registry().list());
            }
            Thread.sleep(100);
        }
        assertTrue(platform.registry().ids(InferenceBackend.class).isEmpty());
    }

    private static void assertRuns(InferenceBackend b, Path model, Tensor images, Tensor expected) throws Exception {
        try (InferenceSession s = b.open(model, new BackendOptions(1, Map.of()))) {
            Tensor got = s.run(images);
            double d = 0;
            for (int i = 0; i < got.size(); i++) {
                d = Math.max(d, Math.abs(got.data()[i] - expected.data()[i]));
            }
            assertTrue(d <= 1e-3, "max |ORT - qvit| = " + d);
        }
    }

    /** A copy of {@code src} whose manifest says {@code Bundle-Version: version}, moved atomically to {@code target}. */
    private static void withVersion(Path src, String version, Path target) throws Exception {
        Path tmp = Files.createTempFile(target.getParent(), ".building-", ".tmp");
        try (Jar jar = new Jar(src.toFile())) {
            Manifest mf = jar.getManifest();
            mf.getMainAttributes().putValue("Bundle-Version", version);
            jar.setManifest(mf);
            jar.write(tmp.toFile());
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The registered backend other than {@code previous}: its component may register a moment after
     * the bundle is reported active (seen on a loaded machine).
     */
    private InferenceBackend backend(InferenceBackend previous) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<InferenceBackend> b = platform.registry().find(InferenceBackend.class, "onnxruntime");
            if (b.isPresent() && b.get() != previous) {
                return b.get();
            }
            Thread.sleep(100);
        }
        fail("timed out waiting for the onnxruntime backend service; registry: " + platform.registry().list());
        return null;
    }

    private PluginRecord await(String what, Predicate<PluginRecord> p) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<PluginRecord> r = platform.registry().list().stream().filter(p).findFirst();
            if (r.isPresent()) {
                return r.get();
            }
            Thread.sleep(100);
        }
        fail("timed out waiting for " + what + "; registry: " + platform.registry().list());
        return null;
    }
}
