package io.qvit.plugins.loader.timm;

import io.qvit.api.QvitPlugin;
import io.qvit.api.model.ModelConfig;
import io.qvit.api.model.ModelFormatException;
import io.qvit.api.model.ModelLoader;
import io.qvit.api.model.VisionModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * The {@link ModelLoader} for timm checkpoints: safetensors, PyTorch {@code .pth}/{@code .pt} zip
 * files (read by a data-only unpickler that never executes anything) and numpy {@code .npz}.
 *
 * <p>The architecture is the one asked for, else the checkpoint's {@code arch} metadata; the
 * metadata's {@code config} (timm constructor arguments) and {@code preprocessing} override the named
 * defaults (see {@link TimmArchitectures#fromMetadata}). A {@code module.} name prefix is stripped.
 * The file's structure is validated; whether the tensors fit the architecture is left to the
 * platform's runtime, but non-finite values and 8-bit integer weights are refused
 * ({@link WeightChecks}). The returned metadata is the checkpoint's plus {@code file} (the absolute path)
 * and {@code format}.
 */
@Component(service = ModelLoader.class)
@QvitPlugin(id = "timm", citation = "Wightman, PyTorch Image Models (timm)")
public final class TimmModelLoader implements ModelLoader {
    /** Metadata key of the absolute checkpoint path in returned models. */
    public static final String FILE_KEY = "file";
    /** Metadata key of the checkpoint format (the extension) in returned models. */
    public static final String FORMAT_KEY = "format";

    private static final Set<String> FORMATS = Set.of("safetensors", "pth", "pt", "npz");

    /** Creates the loader (Declarative Services calls this; so may anyone else). */
    public TimmModelLoader() {
    }

    @Override
    public Set<String> formats() {
        return FORMATS;
    }

    @Override
    public VisionModel load(Path checkpoint, String architecture) throws IOException {
        String format = extension(checkpoint);
        if (!Files.isRegularFile(checkpoint)) {
            throw new IOException(checkpoint + ": not a readable file");
        }
        Checkpoint contents = switch (format) {
            case "safetensors" -> readSafetensors(checkpoint);
            case "pth", "pt" -> TorchZipReader.read(checkpoint);
            case "npz" -> NpzReader.read(checkpoint);
            default -> throw new ModelFormatException(checkpoint, "unsupported checkpoint format '" + format
                    + "'; this loader reads " + FORMATS);
        };
        WeightChecks.checkFinite(checkpoint, contents.tensors());
        ModelConfig config = resolveConfig(checkpoint, architecture, contents.metadata());
        Map<String, String> metadata = new LinkedHashMap<>(contents.metadata());
        metadata.put(FILE_KEY, checkpoint.toAbsolutePath().toString());
        metadata.put(FORMAT_KEY, format);
        return new VisionModel(config, StateDict.normalize(checkpoint, contents.tensors()), metadata);
    }

    /**
     * Resolves the config: an unknown {@code architecture} argument is the caller's error
     * ({@link IllegalArgumentException}); a missing or bad architecture, config or preprocessing in
     * the metadata is the file's ({@link ModelFormatException}).
     */
    private static ModelConfig resolveConfig(Path file, String architecture, Map<String, String> metadata)
            throws ModelFormatException {
        if (architecture != null) {
            TimmArchitectures.config(architecture);
        } else if (!metadata.containsKey(TimmArchitectures.ARCH_KEY)) {
            throw new ModelFormatException(file, "no architecture given and the checkpoint has no '"
                    + TimmArchitectures.ARCH_KEY + "' metadata; name one of the timm architectures");
        }
        try {
            return TimmArchitectures.fromMetadata(architecture, metadata);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, e.getMessage(), e);
        }
    }

    private static Checkpoint readSafetensors(Path file) throws IOException {
        SafetensorsFile st = SafetensorsFile.open(file);
        for (SafetensorsFile.Entry e : st.entries().values()) {
            WeightChecks.checkDtype(file, e.name(), e.dtype());
        }
        return new Checkpoint(st.readAll(), st.metadata());
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
