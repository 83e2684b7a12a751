package io.qvit.plugins.loader.timm;

import io.qvit.api.model.ModelConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The registry of timm architecture names qvit can build, each mapped to the {@link ModelConfig}
 * timm's constructor would use and the preprocessing of its pretrained weights:
 * {@code vit_{tiny,small,base,large}_patch{16,32}_{224,384}} (timm has no tiny/32),
 * {@code deit_{tiny,small,base}[_distilled]_patch16_{224,384}} and
 * {@code swin_{tiny,small,base,large}_patch4_window7_224} / {@code ..._window12_384}.
 *
 * <p>A pretrained tag after a dot ({@code vit_tiny_patch16_224.augreg_in21k_ft_in1k}) is accepted and
 * stripped; tags of ImageNet-21k/22k heads set the class count timm gives them. Checkpoint metadata
 * can then override the named defaults ({@link #fromMetadata}).
 */
public final class TimmArchitectures {
    /** Metadata key holding the timm architecture name. */
    public static final String ARCH_KEY = "arch";
    /** Metadata key holding timm constructor keyword arguments as a JSON object. */
    public static final String CONFIG_KEY = "config";
    /** Metadata key holding a compact preprocessing description, e.g. {@code imagenet_mean_std_bicubic_crop0.875}. */
    public static final String PREPROCESSING_KEY = "preprocessing";

    private static final Map<String, ModelConfig> REGISTRY;

    static {
        Map<String, ModelConfig> m = new TreeMap<>();
        VitFamily.register(m);
        DeitFamily.register(m);
        SwinFamily.register(m);
        REGISTRY = Collections.unmodifiableMap(m);
    }

    private TimmArchitectures() {
    }

    /** Every registered architecture name (without tags), sorted. */
    public static Set<String> names() {
        return REGISTRY.keySet();
    }

    /** True if {@code name}, with or without a pretrained tag, is registered. */
    public static boolean isKnown(String name) {
        return name != null && REGISTRY.containsKey(baseName(name));
    }

    /** {@code name} without its pretrained tag: {@code vit_tiny_patch16_224.augreg_in21k} gives {@code vit_tiny_patch16_224}. */
    public static String baseName(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /**
     * The config of a named architecture; a pretrained tag is stripped and may set the class count
     * ({@code *in21k} augreg heads: 21843, {@code orig_in21k}: no head, {@code *in22k}: 21841).
     *
     * @throws IllegalArgumentException if the name is unknown, listing the closest known names
     */
    public static ModelConfig config(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("no architecture name given; known names include " + closest("vit_", 5));
        }
        String trimmed = name.trim();
        ModelConfig c = REGISTRY.get(baseName(trimmed));
        if (c == null) {
            throw new IllegalArgumentException("unknown timm architecture '" + name + "'; closest known: "
                    + closest(baseName(trimmed), 5));
        }
        int dot = trimmed.indexOf('.');
        if (dot >= 0) {
            Integer classes = tagClasses(trimmed.substring(dot + 1));
            if (classes != null) {
                c = withOverrides(c, Map.of("num_classes", (long) classes));
            }
        }
        return c;
    }

    /**
     * Applies timm constructor keyword arguments to {@code base}: {@code img_size}, {@code patch_size},
     * {@code in_chans}, {@code num_classes}, {@code embed_dim}, {@code depth}, {@code num_heads} (a list
     * for Swin), {@code depths}, {@code window_size}, {@code mlp_ratio}, {@code qkv_bias},
     * {@code global_pool}; dropout rates are ignored; arguments that would change the graph beyond
     * what qvit models are accepted only at timm's default. Integer values are {@link Long}s, as JSON
     * parsing gives them.
     *
     * @throws IllegalArgumentException naming an unknown, unsupported or ill-typed argument, or if the
     *     result is not a valid config
     */
    public static ModelConfig withOverrides(ModelConfig base, Map<String, ?> constructorArgs) {
        return ConstructorArgs.apply(base, constructorArgs);
    }

    /**
     * Resolves a config from a checkpoint's metadata: the architecture is {@code architecture} if
     * given, else the metadata's {@value #ARCH_KEY}; the metadata's {@value #CONFIG_KEY} (JSON of timm
     * constructor arguments, see {@link #withOverrides}) and {@value #PREPROCESSING_KEY} (see
     * {@code PreprocessingSpec}) override the named defaults.
     *
     * @param architecture the requested name, or {@code null} to take it from the metadata
     * @param metadata the checkpoint metadata (safetensors {@code __metadata__}); may be empty
     * @throws IllegalArgumentException if no name is available, the name is unknown, or the config or
     *     preprocessing entries are malformed (the message names the metadata key)
     */
    public static ModelConfig fromMetadata(String architecture, Map<String, String> metadata) {
        String name = architecture != null ? architecture : metadata.get(ARCH_KEY);
        if (name == null) {
            throw new IllegalArgumentException("no architecture given and the metadata has no '" + ARCH_KEY + "' entry");
        }
        ModelConfig c = config(name);
        String json = metadata.get(CONFIG_KEY);
        if (json != null) {
            Object parsed;
            try {
                parsed = HeaderJson.parse(json);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("metadata '" + CONFIG_KEY + "' is not valid JSON: " + e.getMessage(), e);
            }
            if (!(parsed instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("metadata '" + CONFIG_KEY + "' is not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, ?> args = (Map<String, ?>) map;
            try {
                c = withOverrides(c, args);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("metadata '" + CONFIG_KEY + "': " + e.getMessage(), e);
            }
        }
        String pre = metadata.get(PREPROCESSING_KEY);
        if (pre != null) {
            try {
                c = new ModelConfig(c.architecture(), c.family(), c.imageSize(), c.patchSize(), c.inChannels(),
                        c.numClasses(), c.embedDim(), c.depth(), c.numHeads(), c.mlpRatio(), c.qkvBias(),
                        c.layerNormEps(), c.globalPool(), c.depths(), c.heads(), c.windowSize(),
                        PreprocessingSpec.apply(c.preprocessing(), pre));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("metadata '" + PREPROCESSING_KEY + "': " + e.getMessage(), e);
            }
        }
        return c;
    }

    private static Integer tagClasses(String tag) {
        if (tag.endsWith("in22k")) {
            return 21841;
        }
        if (tag.endsWith("in21k")) {
            return tag.startsWith("orig") ? 0 : 21843;
        }
        return null;
    }

    /** The {@code n} registered names closest to {@code name} by edit distance. */
    private static List<String> closest(String name, int n) {
        List<String> all = new ArrayList<>(REGISTRY.keySet());
        all.sort(Comparator.comparingInt((String k) -> editDistance(name, k)).thenComparing(k -> k));
        return all.subList(0, Math.min(n, all.size()));
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
