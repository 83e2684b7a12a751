package io.qvit.launcher.internal.install;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.Version;

/**
 * A plugin repository index: a JSON file ({@code {"plugins": [...]}}, see {@link IndexEntry})
 * listing plugin releases with their API ranges, SHA-256 and download location. Read from a local
 * path or a URL; entry URLs are resolved against the index's own location.
 *
 * @param location where the index was read from
 * @param plugins the releases
 */
public record PluginIndex(URI location, List<IndexEntry> plugins) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Document(@JsonProperty("plugins") List<IndexEntry> plugins) {
    }

    /**
     * Reads the index at {@code location} (a path or a URL).
     *
     * @throws InstallException naming the index if it cannot be read or parsed
     */
    public static PluginIndex read(String location) throws InstallException {
        URI uri = Sources.uri(location);
        try (InputStream in = Sources.open(uri)) {
            Document d = JSON.readValue(in, Document.class);
            if (d.plugins() == null) {
                throw new InstallException(location + ": not a plugin index: no \"plugins\" array");
            }
            return new PluginIndex(uri, List.copyOf(d.plugins()));
        } catch (IOException e) {
            throw new InstallException(location + ": cannot read the plugin index: " + e.getMessage(), e);
        }
    }

    /** The index as JSON. */
    public static String write(List<IndexEntry> entries) throws IOException {
        return JSON.writeValueAsString(new Document(entries));
    }

    /**
     * The release {@code spec} names: {@code group:artifact:version}, {@code group:artifact} (the
     * highest version), or a plugin id or bundle symbolic name (the highest version providing it).
     */
    public Optional<IndexEntry> find(String spec) {
        String[] parts = spec.split(":");
        return plugins.stream().filter(e -> switch (parts.length) {
            case 3 -> e.group().equals(parts[0]) && e.artifact().equals(parts[1]) && e.version().equals(parts[2]);
            case 2 -> e.group().equals(parts[0]) && e.artifact().equals(parts[1]);
            default -> spec.equals(e.bundle()) || (e.plugins() != null
                    && e.plugins().stream().anyMatch(p -> p.substring(p.indexOf(':') + 1).equals(spec)));
        }).max(Comparator.comparing(e -> Version.parseVersion(e.version())));
    }

    /** Where to download {@code entry}'s jar. */
    public URI download(IndexEntry entry) {
        return location.resolve(entry.url());
    }
}
