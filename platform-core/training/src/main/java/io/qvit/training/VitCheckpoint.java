package io.qvit.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a {@link SameDiffVit} as a timm-style safetensors checkpoint that qvit's timm loader reads
 * without any other input: tensors under timm's names, and {@code __metadata__} with {@code arch}
 * ({@value VitArchitecture#BASE_ARCH}), {@code config} (the timm constructor arguments as JSON,
 * e.g. {@code {"img_size":28,"patch_size":7,"in_chans":1,...}}), {@code preprocessing} (e.g.
 * {@code mean0.286_std0.353_crop1.0}: no resize, {@code (x/255 - mean)/std}), {@code format} {@code pt},
 * and whatever the caller adds (source, training command, accuracy).
 */
public final class VitCheckpoint {
    private static final ObjectMapper JSON = new ObjectMapper();

    private VitCheckpoint() {
    }

    /** The metadata describing {@code arch}. */
    public static Map<String, String> metadata(VitArchitecture arch) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", "pt");
        m.put("arch", VitArchitecture.BASE_ARCH);
        try {
            m.put("config", JSON.writeValueAsString(arch.timmConfig()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        m.put("preprocessing", arch.preprocessingSpec());
        return m;
    }

    /** Writes {@code model} to {@code file} with the architecture metadata plus {@code extra}. */
    public static void write(Path file, SameDiffVit model, Map<String, String> extra) throws IOException {
        Map<String, String> m = metadata(model.architecture());
        m.putAll(extra);
        SafetensorsWriter.write(file, model.parameters(), m);
    }
}
