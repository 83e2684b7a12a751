package io.qvit.launcher.internal.install;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One plugin release in a repository index ({@link PluginIndex}).
 *
 * @param group Maven group id of the release
 * @param artifact Maven artifact id
 * @param version the release version (also the bundle version)
 * @param bundle the bundle symbolic name
 * @param plugins the plugins it provides, as {@code Kind:id}
 * @param api the API package imports and their version ranges ({@code io.qvit.api.quant -> [1.1,2)})
 * @param sha256 lower-case hex SHA-256 of the jar; {@code install} refuses a download that differs
 * @param url where to download the jar, absolute or relative to the index
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IndexEntry(@JsonProperty("group") String group, @JsonProperty("artifact") String artifact,
                         @JsonProperty("version") String version, @JsonProperty("bundle") String bundle,
                         @JsonProperty("plugins") List<String> plugins, @JsonProperty("api") Map<String, String> api,
                         @JsonProperty("sha256") String sha256, @JsonProperty("url") String url) {

    /** {@code group:artifact:version}. */
    public String coordinates() {
        return group + ":" + artifact + ":" + version;
    }
}
