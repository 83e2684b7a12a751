package io.qvit.testsupport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A random-weight micro ViT written as a timm-style safetensors checkpoint ({@code
 * vit_tiny_patch16_224} key names, constructor arguments in {@code __metadata__.config}), so that
 * end-to-end tests need no shared checkpoint. The weights are Gaussian with scales that keep the
 * activations of a few blocks in a realistic range (LayerNorm gains around 1, small projections).
 *
 * @param img image side in pixels
 * @param patch patch side
 * @param dim embedding width
 * @param depth blocks
 * @param heads attention heads (must divide {@code dim})
 * @param classes classifier outputs
 */
public record MicroVit(int img, int patch, int dim, int depth, int heads, int classes) {
    /** 32 px images, patch 8, width 48, 2 blocks of 3 heads, 10 classes. */
    public static final MicroVit SMALL = new MicroVit(32, 8, 48, 2, 3, 10);

    /** Checks the shape. */
    public MicroVit {
        if (img % patch != 0 || dim % heads != 0) {
            throw new IllegalArgumentException("patch must divide img and heads must divide dim: " + this);
        }
    }

    /** This shape with {@code depth} blocks. */
    public MicroVit withDepth(int blocks) {
        return new MicroVit(img, patch, dim, blocks, heads, classes);
    }

    /**
     * Writes the checkpoint.
     *
     * @param file the {@code .safetensors} file to (over)write
     * @param seed weights are drawn from {@code new Random(seed)}
     * @return {@code file}
     * @throws IOException when writing fails
     */
    public Path write(Path file, long seed) throws IOException {
        Random r = new Random(seed);
        Map<String, float[]> t = new LinkedHashMap<>();
        Map<String, int[]> shapes = new LinkedHashMap<>();
        int tokens = 1 + (img / patch) * (img / patch);
        put(t, shapes, "cls_token", gaussian(r, dim, 0.5), 1, 1, dim);
        put(t, shapes, "pos_embed", gaussian(r, tokens * dim, 0.5), 1, tokens, dim);
        put(t, shapes, "patch_embed.proj.weight", gaussian(r, dim * 3 * patch * patch, 0.1), dim, 3, patch, patch);
        put(t, shapes, "patch_embed.proj.bias", gaussian(r, dim, 0.1), dim);
        for (int b = 0; b < depth; b++) {
            String p = "blocks." + b + ".";
            put(t, shapes, p + "norm1.weight", around(r, dim, 1, 0.3), dim);
            put(t, shapes, p + "norm1.bias", gaussian(r, dim, 0.3), dim);
            put(t, shapes, p + "attn.qkv.weight", gaussian(r, 3 * dim * dim, 0.2), 3 * dim, dim);
            put(t, shapes, p + "attn.qkv.bias", gaussian(r, 3 * dim, 0.1), 3 * dim);
            put(t, shapes, p + "attn.proj.weight", gaussian(r, dim * dim, 0.15), dim, dim);
            put(t, shapes, p + "attn.proj.bias", gaussian(r, dim, 0.1), dim);
            put(t, shapes, p + "norm2.weight", around(r, dim, 1, 0.3), dim);
            put(t, shapes, p + "norm2.bias", gaussian(r, dim, 0.3), dim);
            put(t, shapes, p + "mlp.fc1.weight", gaussian(r, 4 * dim * dim, 0.15), 4 * dim, dim);
            put(t, shapes, p + "mlp.fc1.bias", gaussian(r, 4 * dim, 0.1), 4 * dim);
            put(t, shapes, p + "mlp.fc2.weight", gaussian(r, 4 * dim * dim, 0.08), dim, 4 * dim);
            put(t, shapes, p + "mlp.fc2.bias", gaussian(r, dim, 0.1), dim);
        }
        put(t, shapes, "norm.weight", around(r, dim, 1, 0.3), dim);
        put(t, shapes, "norm.bias", gaussian(r, dim, 0.3), dim);
        put(t, shapes, "head.weight", gaussian(r, classes * dim, 0.3), classes, dim);
        put(t, shapes, "head.bias", gaussian(r, classes, 0.1), classes);

        StringBuilder header = new StringBuilder("{\"__metadata__\":{\"arch\":\"vit_tiny_patch16_224\",\"config\":\"{\\\"img_size\\\": "
                + img + ", \\\"patch_size\\\": " + patch + ", \\\"embed_dim\\\": " + dim + ", \\\"depth\\\": " + depth
                + ", \\\"num_heads\\\": " + heads + ", \\\"num_classes\\\": " + classes + "}\"}");
        long offset = 0;
        for (Map.Entry<String, float[]> e : t.entrySet()) {
            long end = offset + 4L * e.getValue().length;
            header.append(",\"").append(e.getKey()).append("\":{\"dtype\":\"F32\",\"shape\":")
                    .append(Arrays.toString(shapes.get(e.getKey())).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        header.append('}');
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h);
        for (float[] v : t.values()) {
            for (float x : v) {
                buf.putFloat(x);
            }
        }
        Files.write(file, buf.array());
        return file;
    }

    private static void put(Map<String, float[]> t, Map<String, int[]> shapes, String key, float[] v, int... shape) {
        t.put(key, v);
        shapes.put(key, shape);
    }

    private static float[] gaussian(Random r, int n, double std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * std);
        }
        return v;
    }

    private static float[] around(Random r, int n, double mean, double std) {
        float[] v = gaussian(r, n, std);
        for (int i = 0; i < n; i++) {
            v[i] += (float) mean;
        }
        return v;
    }
}
