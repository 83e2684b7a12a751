package io.qvit.launcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Writes a random-weight micro ViT (timm {@code vit_tiny_patch16_224} key names, constructor
 * arguments in {@code __metadata__.config}) as a safetensors file, so that end-to-end tests need no
 * shared checkpoint: 32 px images, patch 8, width 48, 2 blocks of 3 heads, 10 classes.
 */
final class MicroVitFile {
    static final int IMG = 32;
    static final int PATCH = 8;
    static final int DIM = 48;
    static final int DEPTH = 2;
    static final int CLASSES = 10;

    private MicroVitFile() {
    }

    static Path write(Path file, long seed) throws IOException {
        Random r = new Random(seed);
        Map<String, float[]> t = new LinkedHashMap<>();
        Map<String, int[]> shapes = new LinkedHashMap<>();
        int tokens = 1 + (IMG / PATCH) * (IMG / PATCH);
        put(t, shapes, "cls_token", gaussian(r, DIM, 0.5), 1, 1, DIM);
        put(t, shapes, "pos_embed", gaussian(r, tokens * DIM, 0.5), 1, tokens, DIM);
        put(t, shapes, "patch_embed.proj.weight", gaussian(r, DIM * 3 * PATCH * PATCH, 0.1), DIM, 3, PATCH, PATCH);
        put(t, shapes, "patch_embed.proj.bias", gaussian(r, DIM, 0.1), DIM);
        for (int b = 0; b < DEPTH; b++) {
            String p = "blocks." + b + ".";
            put(t, shapes, p + "norm1.weight", around(r, DIM, 1, 0.3), DIM);
            put(t, shapes, p + "norm1.bias", gaussian(r, DIM, 0.3), DIM);
            put(t, shapes, p + "attn.qkv.weight", gaussian(r, 3 * DIM * DIM, 0.2), 3 * DIM, DIM);
            put(t, shapes, p + "attn.qkv.bias", gaussian(r, 3 * DIM, 0.1), 3 * DIM);
            put(t, shapes, p + "attn.proj.weight", gaussian(r, DIM * DIM, 0.15), DIM, DIM);
            put(t, shapes, p + "attn.proj.bias", gaussian(r, DIM, 0.1), DIM);
            put(t, shapes, p + "norm2.weight", around(r, DIM, 1, 0.3), DIM);
            put(t, shapes, p + "norm2.bias", gaussian(r, DIM, 0.3), DIM);
            put(t, shapes, p + "mlp.fc1.weight", gaussian(r, 4 * DIM * DIM, 0.15), 4 * DIM, DIM);
            put(t, shapes, p + "mlp.fc1.bias", gaussian(r, 4 * DIM, 0.1), 4 * DIM);
            put(t, shapes, p + "mlp.fc2.weight", gaussian(r, 4 * DIM * DIM, 0.08), DIM, 4 * DIM);
            put(t, shapes, p + "mlp.fc2.bias", gaussian(r, DIM, 0.1), DIM);
        }
        put(t, shapes, "norm.weight", around(r, DIM, 1, 0.3), DIM);
        put(t, shapes, "norm.bias", gaussian(r, DIM, 0.3), DIM);
        put(t, shapes, "head.weight", gaussian(r, CLASSES * DIM, 0.3), CLASSES, DIM);
        put(t, shapes, "head.bias", gaussian(r, CLASSES, 0.1), CLASSES);

        StringBuilder header = new StringBuilder("{\"__metadata__\":{\"arch\":\"vit_tiny_patch16_224\",\"config\":\"{\\\"img_size\\\": "
                + IMG + ", \\\"patch_size\\\": " + PATCH + ", \\\"embed_dim\\\": " + DIM + ", \\\"depth\\\": " + DEPTH
                + ", \\\"num_heads\\\": 3, \\\"num_classes\\\": " + CLASSES + "}\"}");
        long offset = 0;
        for (Map.Entry<String, float[]> e : t.entrySet()) {
            long end = offset + 4L * e.getValue().length;
            header.append(",\"").append(e.getKey()).append("\":{\"dtype\":\"F32\",\"shape\":")
                    .append(java.util.Arrays.toString(shapes.get(e.getKey())).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        header.append('}');
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h);
        t.values().forEach(v -> {
            for (float x : v) {
                buf.putFloat(x);
            }
        });
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
