package io.qvit.launcher.internal.install;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One installed plugin jar in {@code plugins.lock.json}.
 *
 * @param file the jar's file name in the plugin folder
 * @param bundle its bundle symbolic name
 * @param version its bundle version
 * @param sha256 lower-case hex SHA-256 of the jar as installed
 * @param source what it was installed from (path, URL or coordinates)
 * @param plugins the plugins it provides, as {@code Kind:id}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LockEntry(@JsonProperty("file") String file, @JsonProperty("bundle") String bundle,
                        @JsonProperty("version") String version, @JsonProperty("sha256") String sha256,
                        @JsonProperty("source") String source, @JsonProperty("plugins") List<String> plugins) {
}
