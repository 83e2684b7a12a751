package io.qvit.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qvit.api.alloc.BitAllocator;
import io.qvit.api.model.ModelLoader;
import io.qvit.api.quant.Quantizer;
import io.qvit.engine.experiment.ExperimentException;
import io.qvit.engine.experiment.ExperimentFile;
import io.qvit.engine.experiment.ExperimentReader;
import io.qvit.engine.experiment.ExperimentSchema;
import io.qvit.engine.plugins.PluginCatalog;
import io.qvit.engine.quant.QuantizationException;
import io.qvit.plugins.loader.timm.TimmModelLoader;
import io.qvit.testsupport.MicroVit;
import io.qvit.testsupport.TestImages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quantization.bit_allocator} is executed: a third-party allocator ({@link RecordingTestAllocator})
 * is called with a probe over per-width calibrations, its widths are what the run calibrates and
 * evaluates, and {@code results.json} records the allocation; an unknown, failing or off-grid
 * allocator stops the run with one clear error.
 */
class BitAllocationRunTest {
    private static final MicroVit MODEL = new MicroVit(64, 8, 48, 2, 3, 10);

    @TempDir
    Path dir;

    private Path weights;
    private final Map<String, RecordingTestAllocator> allocators = Map.of(
            "recording", new RecordingTestAllocator("ok"),
            "thrower", new RecordingTestAllocator("throw"),
            "off-grid", new RecordingTestAllocator("off-grid"));

    private final PluginCatalog plugins = new PluginCatalog() {
        @Override
        public SortedSet<String> ids(Class<?> kind) {
            return new TreeSet<>(kind == ModelLoader.class ? List.of("timm") : kind == Quantizer.class ? List.of("uniform")
                    : kind == BitAllocator.class ? allocators.keySet() : List.of());
        }

        @Override
        public <T> Optional<T> find(Class<T> kind, String id) {
            if (kind == ModelLoader.class && id.equals("timm")) {
                return Optional.of(kind.cast(new TimmModelLoader()));
            }
            if (kind == Quantizer.class && id.equals("uniform")) {
                return Optional.of(kind.cast(new MinMaxTestQuantizer()));
            }
            if (kind == BitAllocator.class && allocators.containsKey(id)) {
                return Optional.of(kind.cast(allocators.get(id)));
            }
            return Optional.empty();
        }
    };

    @BeforeEach
    void modelAndImages() throws Exception {
        weights = MODEL.write(dir.resolve("micro.safetensors"), 3);
        TestImages.write(dir.resolve("a"), 6, 80, 72, 10, 1);
    }

    private ExperimentFile experiment(String name, String allocator) throws Exception {
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, """
                name: %s
                model: {weights: "%s"}
                data:
                  calibration: {images: a}
                  evaluation:
                    - {name: a, images: a}
                quantization:
                  weights: {bits: 6}
                  activations: {bits: 6}
                  bit_allocator: %s
                runtime: {threads: 1, batch_size: 4}
                """.formatted(name, weights.toAbsolutePath(), allocator));
        return new ExperimentReader(new ExperimentSchema(), Map.<String, String>of()::get).read(f);
    }

    private RunEngine engine() {
        return new RunEngine(plugins, dir.resolve("cache"), new PrintWriter(new StringWriter()));
    }

    @Test
    void theEngineRunsAThirdPartyAllocatorAndCalibratesItsWidths() throws Exception {
        ExperimentFile file = experiment("mp", "{id: recording, keep: [patch_embed.input], probe_images: 3, "
                + "options: {note: x}, budget: {average_bits: 5, candidate_bits: [4, 8]}}");
        Path run = dir.resolve("run");
        JsonNode results = engine().run(file, run, false);
        RecordingTestAllocator a = allocators.get("recording");
        assertEquals(1, a.calls);
        System.out.println("probe KL, all sites at 4 / 8 bits: " + a.lossAllLow + " / " + a.lossAllHigh);
        assertTrue(a.lossAllLow > a.lossAllHigh && a.lossAllHigh >= 0,
                "4 bits everywhere must cost more than 8: " + a.lossAllLow + " vs " + a.lossAllHigh);
        ResultsSchema.assertValid(results);
        JsonNode alloc = results.path("allocation");
        assertEquals(0.0, a.divergenceHighFromHigh, "an assignment does not diverge from itself");
        assertTrue(a.divergenceLowFromHigh > 0, "4 bits everywhere diverges from 8: " + a.divergenceLowFromHigh);
        assertEquals(5, alloc.path("probe_evaluations").asInt(), "two losses; the 8-bit reference once, then two divergences");
        assertEquals(3, alloc.path("probe_images").asInt());
        assertEquals("x", alloc.path("options").path("note").asText(), "the options the file gave");
        assertEquals(a.lossAllLow, alloc.path("trace").get(0).path("loss_all_low").asDouble());
        assertEquals(8.0, alloc.path("average_bits").path("weights").asDouble());
        assertEquals(4.0, alloc.path("average_bits").path("activations").asDouble());
        assertTrue(alloc.path("sites").has("blocks.0.fc1.weight"));
        double all = results.path("average_bits").path("activations").asDouble();
        assertTrue(all > 4 && all < 8, "the image input at 8 bits lifts the run's activation average above 4: " + all);
        assertEquals(8.0, results.path("average_bits").path("weights").asDouble());
        assertTrue(!alloc.path("sites").has("patch_embed.input"), "a kept site is not allocated");
        JsonNode params = new ObjectMapper().readTree(run.resolve("quant_params.json").toFile());
        int checked = 0;
        for (JsonNode p : params) {
            String site = p.path("site").asText();
            int expected = site.equals("patch_embed.input") ? 8 : site.endsWith(".weight") ? 8 : 4;
            assertEquals(expected, p.path("bits").asInt(), site + " must be calibrated at the allocated width");
            checked++;
        }
        assertTrue(checked > 20);
        String report = Files.readString(run.resolve("report.md"));
        assertTrue(report.contains("| blocks.0.fc1.weight | weight | 8 |"), report);
    }

    @Test
    void theProbeGivesTheSameLossesInAnotherRun() throws Exception {
        ExperimentFile file = experiment("again", "{id: recording, probe_images: 2, "
                + "budget: {average_bits: 5, candidate_bits: [4, 8]}}");
        JsonNode a = engine().run(file, dir.resolve("r1"), false).path("allocation");
        JsonNode b = engine().run(file, dir.resolve("r2"), false).path("allocation");
        assertEquals(2, allocators.get("recording").calls);
        assertEquals(a.path("trace"), b.path("trace"));
        assertEquals(a.path("sites"), b.path("sites"));
    }

    @Test
    void sensitivityAnalysisRunsTheAllocatorToo() throws Exception {
        ExperimentFile file = experiment("sens", "{id: recording, probe_images: 2, "
                + "budget: {average_bits: 5, candidate_bits: [4, 8]}}");
        engine().sensitivity(file, dir.resolve("sens-out"), io.qvit.engine.quant.SiteGroups.BLOCK, 4);
        assertEquals(1, allocators.get("recording").calls);
    }

    @Test
    void theAllocationIsPartOfTheConfigHash() throws Exception {
        String h5 = engine().configHash(experiment("h", "{id: recording, budget: {average_bits: 5}}"));
        String h6 = engine().configHash(experiment("h", "{id: recording, budget: {average_bits: 6}}"));
        assertTrue(!h5.equals(h6), "a different budget must give a different run");
    }

    @Test
    void anUnknownAllocatorIsOneClearError() throws Exception {
        ExperimentException e = assertThrows(ExperimentException.class, () -> engine().run(
                experiment("unknown", "{id: greedy-nope, budget: {average_bits: 5}}"), dir.resolve("u"), false));
        assertTrue(e.getMessage().contains("quantization.bit_allocator.id") && e.getMessage().contains("greedy-nope"),
                e.getMessage());
    }

    @Test
    void aFailingAllocatorNamesItself() throws Exception {
        QuantizationException e = assertThrows(QuantizationException.class, () -> engine().run(
                experiment("thrower", "{id: thrower, budget: {average_bits: 5}}"), dir.resolve("t"), false));
        assertTrue(e.getMessage().startsWith("bit allocator 'thrower' failed") && e.getMessage().contains("no budget fits"),
                e.getMessage());
    }

    @Test
    void anAnswerOutsideTheCandidatesIsRefused() throws Exception {
        ExperimentException e = assertThrows(ExperimentException.class, () -> engine().run(
                experiment("offgrid", "{id: off-grid, budget: {average_bits: 5, candidate_bits: [4, 8]}}"), dir.resolve("o"),
                false));
        assertTrue(e.getMessage().contains("not one of the candidates [4, 8]"), e.getMessage());
    }

    @Test
    void unknownAllocatorOptionsAreRefused() throws Exception {
        ExperimentException e = assertThrows(ExperimentException.class, () -> engine().run(
                experiment("opt", "{id: recording, options: {colour: red}, budget: {average_bits: 5}}"), dir.resolve("p"),
                false));
        assertTrue(e.getMessage().contains("quantization.bit_allocator.options") && e.getMessage().contains("colour"),
                e.getMessage());
    }
}
