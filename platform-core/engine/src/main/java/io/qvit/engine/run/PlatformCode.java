package io.qvit.engine.run;

import io.qvit.api.tensor.Tensor;
import io.qvit.data.ImageDataset;
import io.qvit.engine.plugins.CodeFingerprint;
import io.qvit.runtime.CompiledModel;
import java.util.Map;
import java.util.TreeMap;

/**
 * Content hashes of the platform's own code that computes results (API, data pipeline, runtime,
 * engine): part of every config hash and of the float32 cache key, so that new numerics never
 * return a result computed by older code.
 */
final class PlatformCode {
    private PlatformCode() {
    }

    /** Module name to {@link CodeFingerprint}. */
    static Map<String, String> fingerprints() {
        Map<String, String> out = new TreeMap<>();
        out.put("api", CodeFingerprint.of(Tensor.class));
        out.put("data", CodeFingerprint.of(ImageDataset.class));
        out.put("runtime", CodeFingerprint.of(CompiledModel.class));
        out.put("engine", CodeFingerprint.of(RunEngine.class));
        return out;
    }
}
