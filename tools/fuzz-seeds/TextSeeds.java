import java.io.IOException;
import java.nio.file.Path;

/**
 * Seeds for the text parsers: labels, list and synsets files (DatasetFilesFuzzTest), experiment
 * files (ExperimentReaderFuzzTest) and interpolated strings (EnvInterpolationFuzzTest).
 */
final class TextSeeds {
    private TextSeeds() {
    }

    static void generate(Path root) throws IOException {
        String data = "platform-core/data";
        Path labels = Seeds.dir(root, data, "io.qvit.data", "DatasetFilesFuzzTest", "labels");
        Seeds.write(labels, "two", "a.jpg 0\nb c.jpg 1\n");
        Seeds.write(labels, "crlf-bom-blank", "\uFEFFa.jpg\t0\r\n\r\nb c.jpg   1");
        Seeds.write(labels, "bad-index", "a.jpg x\n");
        Path list = Seeds.dir(root, data, "io.qvit.data", "DatasetFilesFuzzTest", "listFile");
        Seeds.write(list, "two", "a.jpg\nb c.jpg\n");
        Seeds.write(list, "blank-crlf", "\r\n  b c.jpg \r\n");
        Seeds.write(list, "unknown", "z.jpg\n");
        Path synsets = Seeds.dir(root, data, "io.qvit.data", "DatasetFilesFuzzTest", "synsets");
        Seeds.write(synsets, "header-three", "index\twnid\tname\n0\tn01440764\ttench\n1\tn01443537\tgoldfish\n2\tn01484850\n");
        Seeds.write(synsets, "repeated", "0\tn1\n0\tn2\n");

        String engine = "platform-core/engine";
        Path exp = Seeds.dir(root, engine, "io.qvit.engine.experiment", "ExperimentReaderFuzzTest", "experiment");
        Seeds.write(exp, "minimal", "name: fuzz\nmodel: {weights: m.safetensors}\n"
                + "data:\n  evaluation:\n    - {name: test, images: imgs, labels: imgs/labels.txt}\n");
        Seeds.write(exp, "variants-env", "# a comment\nname: fuzz-${A:-x}\nseed: 0\n"
                + "model: {arch: deit_tiny_patch16_224, weights: \"${QVIT_DATA}/m.safetensors\"}\n"
                + "data:\n  calibration: {images: \"${QVIT_DATA}/i\", list: \"${QVIT_DATA}/c.txt\", limit: 32}\n"
                + "  evaluation:\n    - {name: s, images: \"${QVIT_DATA}/s\", exclude: \"$${QVIT_DATA}\"}\n"
                + "variants:\n  - {name: fp32}\n  - name: w4a4\n    quantization: {method: repq, weights: {bits: 4}, activations: {bits: 4}}\n"
                + "runtime: {threads: 2, batch_size: 250}\n");
        Seeds.write(exp, "anchors-lists", "name: &n fuzz\ndescription: |\n  two\n  lines\nmodel: {weights: *n}\n"
                + "data: {evaluation: [{name: a, images: b, labels: c}]}\nquantization:\n  method: uniform\n"
                + "  weights: {bits: 8}\n  activations: {bits: 8}\n");
        Seeds.write(exp, "unset-variable", "name: x\nmodel: {weights: ${NOT_SET}}\n");
        Seeds.write(exp, "duplicate-key", "name: a\nname: b\n");
        Seeds.write(exp, "not-a-mapping", "- 1\n- 2\n");

        Path interp = Seeds.dir(root, engine, "io.qvit.engine.experiment", "EnvInterpolationFuzzTest", "interpolation");
        Seeds.write(interp, "set", "${QVIT_DATA}/models/m.safetensors");
        Seeds.write(interp, "default-dollar", "${EMPTY:-/tmp/x}/$${A}/${A}$$");
        Seeds.write(interp, "unset", "a ${MISSING} b");
        Seeds.write(interp, "markers", "\uE000A\uE001 \uE000B:-d\uE001");
    }
}
