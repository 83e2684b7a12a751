package io.qvit.data;

import io.qvit.testsupport.SharedData;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.model.Preprocessing;
import io.qvit.api.tensor.Tensor;
import io.qvit.plugins.loader.timm.SafetensorsFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Preprocessing of the first 8 images of sample-1000 against timm's PIL pipeline (the golden
 * {@code input} tensors), compared in 8-bit units after undoing the normalisation.
 */
class GoldenParityTest {

    @Test
    void deitTinyInputMatchesPil() throws Exception {
        check("deit_tiny_patch16_224", Preprocessing.imagenetDefault(224));
    }

    @Test
    void vitTinyInputMatchesPil() throws Exception {
        check("vit_tiny_patch16_224",
                new Preprocessing(224, 0.9, "bicubic", List.of(0.5, 0.5, 0.5), List.of(0.5, 0.5, 0.5)));
    }

    private static void check(String model, Preprocessing pre) throws Exception {
        Path golden = SharedData.file("golden/" + model + ".sample8.safetensors");
        Path sample = SharedData.file("data/imagenet/sample-1000");
        Tensor input = SafetensorsFile.open(golden).read("input");
        assertArrayEquals(new int[] {8, 3, 224, 224}, input.shape());
        ImageDataset data = FileImageDataset.labelled(sample).subset(0, 8);
        EvalTransform transform = new EvalTransform(pre);
        float[] g = input.data();
        int plane = 224 * 224;
        long total = 0;
        long within = 0;
        long differ = 0;
        double maxDiff = 0;
        StringBuilder perImage = new StringBuilder();
        long floatEqual = 0;
        double floatMax = 0;
        for (int i = 0; i < 8; i++) {
            Image8 decoded = data.read(i);
            float[] tensor = transform.apply(decoded);
            for (int j = 0; j < tensor.length; j++) {
                float ref = g[i * tensor.length + j];
                if (Float.floatToIntBits(ref) == Float.floatToIntBits(tensor[j])) {
                    floatEqual++;
                }
                floatMax = Math.max(floatMax, Math.abs(ref - tensor[j]));
            }
            Image8 img = transform.resizeAndCrop(decoded);
            byte[] px = img.pixels();
            long imgDiffer = 0;
            double imgMax = 0;
            for (int c = 0; c < 3; c++) {
                double m = pre.mean().get(c);
                double s = pre.std().get(c);
                for (int p = 0; p < plane; p++) {
                    double ref = (g[(i * 3 + c) * plane + p] * s + m) * 255.0;
                    int mine = px[p * 3 + c] & 0xff;
                    double d = Math.abs(mine - ref);
                    total++;
                    if (d <= 1.0 + 1e-3) {
                        within++;
                    }
                    if (mine != (int) Math.round(ref)) {
                        differ++;
                        imgDiffer++;
                    }
                    maxDiff = Math.max(maxDiff, d);
                    imgMax = Math.max(imgMax, d);
                }
            }
            perImage.append(String.format("  %s: %d values differ, max %.3f%n", data.name(i), imgDiffer, imgMax));
        }
        double fraction = within / (double) total;
        System.out.printf("PARITY %s: %d values, %.6f within 1/255, max |diff| %.4f/255, %d differ at all;"
                        + " normalised float32: %d bit-identical, max |diff| %.3g%n%s",
                model, total, fraction, maxDiff, differ, floatEqual, floatMax, perImage);
        assertTrue(fraction >= 0.999, model + ": only " + fraction + " of values within 1/255");
    }
}
