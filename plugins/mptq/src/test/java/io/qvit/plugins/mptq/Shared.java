package io.qvit.plugins.mptq;


import io.qvit.api.model.VisionModel;
import io.qvit.api.tensor.Tensor;
import io.qvit.plugins.loader.timm.SafetensorsFile;
import io.qvit.plugins.loader.timm.TimmModelLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The shared reference data ({@code $QVIT_SHARED}), read in place; tests skip when it is absent. */
final class Shared {
    private Shared() {
    }

    static Path file(String relative) {
        return io.qvit.testsupport.SharedData.file(relative);
    }

    static VisionModel model(String relative) {
        try {
            return new TimmModelLoader().load(file(relative), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Tensor tensor(String relative, String name) {
        try {
            return SafetensorsFile.open(file(relative)).read(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double maxAbsDiff(Tensor a, Tensor b) {
        double m = 0;
        for (int i = 0; i < a.size(); i++) {
            m = Math.max(m, Math.abs((double) a.data()[i] - b.data()[i]));
        }
        return m;
    }
}
