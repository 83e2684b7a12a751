package io.qvit.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qvit.api.tensor.Tensor;
import io.qvit.data.EvalTransform;
import io.qvit.data.FileImageDataset;
import io.qvit.data.Resampling;
import io.qvit.testsupport.TestImages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #21: a NaN never counts as a correct prediction, and non-finite logits stop an evaluation naming the image. */
class AccuracyTest {
    @TempDir
    Path dir;

    @Test
    void ranksByScoreWithTiesByIndex() {
        Accuracy acc = new Accuracy();
        acc.add(Tensor.of(new float[] {0, 3, 1, 3, 2, 1, 0}, 1, 7), new int[] {1});
        acc.add(Tensor.of(new float[] {0, 3, 1, 3, 2, 1, 0}, 1, 7), new int[] {3});
        assertEquals(0.5, acc.top1());
        assertEquals(1.0, acc.top5());
    }

    @Test
    void allNaNLogitsAreNeverCorrect() {
        Accuracy acc = new Accuracy();
        float[] nan = new float[2 * 10];
        Arrays.fill(nan, Float.NaN);
        acc.add(Tensor.of(nan, 2, 10), new int[] {0, 7});
        assertEquals(2, acc.images());
        assertEquals(0.0, acc.top1());
        assertEquals(0.0, acc.top5());
    }

    @Test
    void aNaNOfAnotherClassOutranksTheTruth() {
        Accuracy acc = new Accuracy();
        acc.add(Tensor.of(new float[] {Float.NaN, 5, 1}, 1, 3), new int[] {1});
        assertEquals(0.0, acc.top1());
        assertEquals(1.0, acc.top5());
    }

    @Test
    void nonFiniteLogitsStopTheEvaluationNamingTheImage() throws Exception {
        Path images = TestImages.write(dir.resolve("set"), 5, 16, 16, 3, 1);
        FileImageDataset ds = FileImageDataset.labelled(images);
        EvalTransform t = new EvalTransform(8, 8, Resampling.BILINEAR, List.of(0.5, 0.5, 0.5), List.of(0.5, 0.5, 0.5));
        Evaluator ev = new Evaluator(new PrintWriter(new StringWriter()), 2, 1);
        int[] calls = {0};
        NonFiniteLogitsException e = assertThrows(NonFiniteLogitsException.class, () -> ev.evaluate(new ObjectMapper(),
                "set fp32", ds, t, x -> {
                    int b = x.dim(0);
                    float[] out = new float[b * 3];
                    if (calls[0]++ == 1) {
                        out[1 * 3 + 2] = Float.POSITIVE_INFINITY; // the second image of the second batch
                    }
                    return Tensor.of(out, b, 3);
                }));
        assertTrue(e.getMessage().startsWith("set fp32: image " + ds.name(3) + " has a non-finite logit (Infinity for class 2)"),
                e.getMessage());
        ObjectNode ok = ev.evaluate(new ObjectMapper(), "set fp32", ds, t, x -> Tensor.of(new float[x.dim(0) * 3], x.dim(0), 3));
        assertEquals(5, ok.path("images").asInt());
    }
}
