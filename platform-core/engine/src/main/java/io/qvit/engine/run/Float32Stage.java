package io.qvit.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qvit.api.model.ModelConfig;
import io.qvit.data.ImageDataset;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * The float32 evaluation of one set, cached across runs ({@link Float32Cache}) by the checkpoint's
 * and the set's checksums, the preprocessing, the architecture and the platform's code.
 */
final class Float32Stage {
    private Float32Stage() {
    }

    /** The float32 evaluation of {@code dataset} (set {@code name}, checksum {@code dataSha}). */
    static JsonNode evaluate(Path cacheDir, ObjectMapper json, PrintWriter progress, Evaluator evaluator,
                             PreparedRun prepared, String name, ImageDataset dataset, String dataSha, Timings timings,
                             Map<String, Object> throughput) throws IOException {
        ModelConfig config = prepared.compiled().model().config();
        String cacheKey = Checksums.text(prepared.modelSha() + "|" + dataSha + "|" + config.preprocessing() + "|"
                + config.architecture() + "|" + PlatformCode.fingerprints());
        Float32Cache cache = new Float32Cache(cacheDir, json, progress);
        JsonNode fp32 = cache.load(cacheKey).orElse(null);
        if (fp32 != null) {
            progress.println("qvit: float32 " + name + " from cache " + cache.file(cacheKey));
            timings.put("fp32_eval." + name, 0.0);
            return fp32;
        }
        fp32 = evaluator.evaluate(json, name + " fp32", dataset, prepared.transform(), prepared.compiled()::forward);
        timings.put("fp32_eval." + name, fp32.path("seconds").asDouble());
        throughput.put("fp32_eval_images_per_second." + name, ResumableEvaluations.perSecond(fp32, "seconds"));
        throughput.put("fp32_forward_images_per_second." + name,
                ResumableEvaluations.perSecond(fp32, "forward_seconds"));
        cache.store(cacheKey, fp32);
        return fp32;
    }
}
