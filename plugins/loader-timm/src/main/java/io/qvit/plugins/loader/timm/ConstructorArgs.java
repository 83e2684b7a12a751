package io.qvit.plugins.loader.timm;

import io.qvit.api.model.ArchitectureFamily;
import io.qvit.api.model.ModelConfig;
import io.qvit.api.model.Preprocessing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Applies timm constructor keyword arguments (as a checkpoint's {@code __metadata__.config} holds
 * them, e.g. {@code {"img_size": 64, "embed_dim": 96, "depth": 3, "num_heads": 3}}) to a
 * {@link ModelConfig}. Arguments that change the graph in ways qvit does not model (layer scale,
 * register tokens, pre-norm, ...) are accepted only with timm's default value; training-only
 * arguments (dropout rates) are ignored; anything else is an error, so a checkpoint never silently
 * gets a different architecture than it was trained with.
 */
final class ConstructorArgs {
    /** Arguments that do not affect inference. */
    private static final Set<String> IGNORED = Set.of("drop_rate", "pos_drop_rate", "patch_drop_rate",
            "proj_drop_rate", "attn_drop_rate", "drop_path_rate", "weight_init", "pretrained", "pretrained_cfg",
            "pretrained_cfg_overlay", "fix_init", "dynamic_img_pad");

    /** Arguments accepted only with timm's default value (the graph qvit builds assumes it). */
    private static final Map<String, Object> MUST_BE_DEFAULT = Map.ofEntries(
            Map.entry("class_token", Boolean.TRUE), Map.entry("no_embed_class", Boolean.FALSE),
            Map.entry("reg_tokens", 0L), Map.entry("pre_norm", Boolean.FALSE), Map.entry("qk_norm", Boolean.FALSE),
            Map.entry("dynamic_img_size", Boolean.FALSE), Map.entry("patch_norm", Boolean.TRUE),
            Map.entry("ape", Boolean.FALSE), Map.entry("proj_bias", Boolean.TRUE));

    private ConstructorArgs() {
    }

    /**
     * Returns {@code base} with {@code args} applied. The preprocessing input size follows
     * {@code img_size}.
     *
     * @throws IllegalArgumentException naming the argument that is unknown, unsupported or ill-typed
     */
    static ModelConfig apply(ModelConfig base, Map<String, ?> args) {
        boolean swin = base.family() == ArchitectureFamily.SWIN;
        int imageSize = base.imageSize();
        int patchSize = base.patchSize();
        int inChannels = base.inChannels();
        int numClasses = base.numClasses();
        int embedDim = base.embedDim();
        int depth = base.depth();
        int numHeads = base.numHeads();
        double mlpRatio = base.mlpRatio();
        boolean qkvBias = base.qkvBias();
        String globalPool = base.globalPool();
        List<Integer> depths = base.depths();
        List<Integer> heads = base.heads();
        int windowSize = base.windowSize();
        String arch = base.architecture();
        for (Map.Entry<String, ?> e : args.entrySet()) {
            String key = e.getKey();
            Object v = e.getValue();
            switch (key) {
                case "img_size" -> imageSize = squareSize(arch, key, v);
                case "patch_size" -> patchSize = squareSize(arch, key, v);
                case "in_chans" -> inChannels = integer(arch, key, v);
                case "num_classes" -> numClasses = integer(arch, key, v);
                case "embed_dim" -> embedDim = integer(arch, key, v);
                case "mlp_ratio" -> mlpRatio = number(arch, key, v);
                case "qkv_bias" -> qkvBias = bool(arch, key, v);
                case "global_pool" -> globalPool = pool(arch, key, v, swin);
                case "depth" -> {
                    requireFamily(arch, key, !swin);
                    depth = integer(arch, key, v);
                }
                case "num_heads" -> {
                    if (swin) {
                        heads = integers(arch, key, v);
                    } else {
                        numHeads = integer(arch, key, v);
                    }
                }
                case "depths" -> {
                    requireFamily(arch, key, swin);
                    depths = integers(arch, key, v);
                }
                case "window_size" -> {
                    requireFamily(arch, key, swin);
                    windowSize = squareSize(arch, key, v);
                }
                case "distilled" -> {
                    if (bool(arch, key, v) != (base.family() == ArchitectureFamily.DEIT_DISTILLED)) {
                        throw new IllegalArgumentException(arch + ": constructor argument distilled=" + v
                                + " contradicts the architecture family " + base.family());
                    }
                }
                default -> {
                    if (IGNORED.contains(key)) {
                        break;
                    }
                    if (MUST_BE_DEFAULT.containsKey(key)) {
                        if (!Objects.equals(MUST_BE_DEFAULT.get(key), v)) {
                            throw new IllegalArgumentException(arch + ": constructor argument " + key + "=" + v
                                    + " is not supported (qvit models only " + key + "=" + MUST_BE_DEFAULT.get(key) + ")");
                        }
                    } else if (key.equals("init_values") || key.equals("fc_norm")) {
                        if (v != null) {
                            throw new IllegalArgumentException(arch + ": constructor argument " + key + "=" + v
                                    + " is not supported (qvit models only " + key + "=None)");
                        }
                    } else {
                        throw new IllegalArgumentException(arch + ": unknown timm constructor argument '" + key + "'");
                    }
                }
            }
        }
        Preprocessing p = base.preprocessing();
        Preprocessing pre = new Preprocessing(imageSize, p.cropPct(), p.interpolation(), p.mean(), p.std());
        return new ModelConfig(arch, base.family(), imageSize, patchSize, inChannels, numClasses, embedDim, depth,
                numHeads, mlpRatio, qkvBias, base.layerNormEps(), globalPool, depths, heads, windowSize, pre);
    }

    private static void requireFamily(String arch, String key, boolean ok) {
        if (!ok) {
            throw new IllegalArgumentException(arch + ": constructor argument '" + key + "' does not apply to this family");
        }
    }

    private static int integer(String arch, String key, Object v) {
        if (v instanceof Long l && l >= 0 && l <= Integer.MAX_VALUE) {
            return (int) (long) l;
        }
        throw new IllegalArgumentException(arch + ": constructor argument " + key + " must be a non-negative integer, got " + v);
    }

    private static int squareSize(String arch, String key, Object v) {
        if (v instanceof List<?> l) {
            if (l.size() == 2 && Objects.equals(l.get(0), l.get(1))) {
                return integer(arch, key, l.get(0));
            }
            throw new IllegalArgumentException(arch + ": constructor argument " + key + " must be square, got " + v);
        }
        return integer(arch, key, v);
    }

    private static List<Integer> integers(String arch, String key, Object v) {
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException(arch + ": constructor argument " + key + " must be a list of integers, got " + v);
        }
        List<Integer> out = new ArrayList<>();
        for (Object o : l) {
            out.add(integer(arch, key, o));
        }
        return out;
    }

    private static double number(String arch, String key, Object v) {
        if (v instanceof Number n && n.doubleValue() > 0 && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(arch + ": constructor argument " + key + " must be a positive number, got " + v);
    }

    private static boolean bool(String arch, String key, Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(arch + ": constructor argument " + key + " must be true or false, got " + v);
    }

    private static String pool(String arch, String key, Object v, boolean swin) {
        if ("avg".equals(v) || (!swin && "token".equals(v))) {
            return (String) v;
        }
        throw new IllegalArgumentException(arch + ": constructor argument " + key + "='" + v + "' is not supported"
                + (swin ? " (Swin: avg)" : " (ViT: token or avg)"));
    }
}
