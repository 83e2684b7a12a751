package io.qvit.runtime;


import io.qvit.api.model.VisionModel;
import io.qvit.api.tensor.Tensor;
import io.qvit.plugins.loader.timm.SafetensorsFile;
import io.qvit.plugins.loader.timm.TimmModelLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The shared reference data ({@code $QVIT_SHARED}), read in place; tests skip when it is absent. */
final class Goldens {
    private static final Map<String, VisionModel> MODELS = new ConcurrentHashMap<>();

    private Goldens() {
    }

    /** A file under the shared folder, or a skipped test if the folder or file is missing. */
    static Path file(String relative) {
        return io.qvit.testsupport.SharedData.file(relative);
    }

    /** A checkpoint loaded with the timm loader plugin (architecture and config from its metadata). */
    static VisionModel model(String relative) {
        Path p = file(relative);
        return MODELS.computeIfAbsent(relative, k -> {
            try {
                return new TimmModelLoader().load(p, null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** All tensors of a golden file. */
    static Map<String, Tensor> tensors(String relative) {
        try {
            return SafetensorsFile.open(file(relative)).readAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Largest absolute difference of two tensors of the same shape. */
    static double maxAbsDiff(Tensor a, Tensor b) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(a.shape(), b.shape(), "shapes differ");
        double m = 0;
        for (int i = 0; i < a.size(); i++) {
            m = Math.max(m, Math.abs((double) a.data()[i] - b.data()[i]));
        }
        return m;
    }
}
