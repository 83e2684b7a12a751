package io.qvit.api.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Reads a checkpoint file into a {@link VisionModel}. Published as an OSGi service by loader
 * plugins; the platform picks the loader whose {@link #formats()} contains the file's extension.
 *
 * <p>A loader never executes code from a checkpoint (no arbitrary unpickling) and validates a
 * file's structure before it reads tensor data.
 */
@ConsumerType
public interface ModelLoader {

    /** The file extensions this loader reads, lower case without the dot, e.g. {@code safetensors}. */
    Set<String> formats();

    /**
     * Loads {@code checkpoint}.
     *
     * @param checkpoint the file
     * @param architecture the timm architecture name the experiment asks for, or {@code null} to
     *     take it from the checkpoint's metadata
     * @return the model, its config resolved from the name and the metadata
     * @throws ModelFormatException if the file is malformed, naming the file and what is wrong
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if the architecture name is unknown
     */
    VisionModel load(Path checkpoint, String architecture) throws IOException;
}
