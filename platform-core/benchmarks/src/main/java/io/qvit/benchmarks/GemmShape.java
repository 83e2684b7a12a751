package io.qvit.benchmarks;

/**
 * A linear-layer matrix product of DeiT: {@code [tokens·batch x in] · [in x out]}.
 *
 * @param name the model and layer, e.g. {@code deit_s.fc1}
 * @param in input features (inner dimension)
 * @param out output features
 */
public record GemmShape(String name, int in, int out) {
    /** Tokens per DeiT image at 224 px, patch 16 (196 patches + class token). */
    public static final int TOKENS = 197;

    /** The benchmarked shapes by name: qkv, fc1 and fc2 of DeiT-T (width 192) and DeiT-S (width 384). */
    public static GemmShape of(String name) {
        return switch (name) {
            case "deit_t.qkv" -> new GemmShape(name, 192, 576);
            case "deit_t.fc1" -> new GemmShape(name, 192, 768);
            case "deit_t.fc2" -> new GemmShape(name, 768, 192);
            case "deit_s.qkv" -> new GemmShape(name, 384, 1152);
            case "deit_s.fc1" -> new GemmShape(name, 384, 1536);
            case "deit_s.fc2" -> new GemmShape(name, 1536, 384);
            default -> throw new IllegalArgumentException("unknown shape " + name);
        };
    }

    /** Rows for a batch of images. */
    public int rows(int batch) {
        return TOKENS * batch;
    }

    /** Floating-point operations of one product (2 per multiply-add). */
    public long flops(int batch) {
        return 2L * rows(batch) * in * out;
    }
}
