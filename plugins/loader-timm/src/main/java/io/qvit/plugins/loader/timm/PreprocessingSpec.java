package io.qvit.plugins.loader.timm;

import io.qvit.api.model.Preprocessing;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the compact preprocessing description that qvit checkpoints carry in their
 * {@code __metadata__.preprocessing}, for example {@code imagenet_mean_std_bicubic_crop0.875} or
 * {@code mean0.5_std0.5_bicubic_crop0.9}. Tokens are separated by {@code _}:
 * <ul>
 *   <li>{@code imagenet_mean_std}: ImageNet mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225);
 *       {@code inception_mean_std}: mean = std = 0.5;</li>
 *   <li>{@code mean<v>} / {@code std<v>}: one value for all channels, or three separated by {@code ,};</li>
 *   <li>{@code bicubic} / {@code bilinear}: the resize filter;</li>
 *   <li>{@code crop<v>}: the crop fraction.</li>
 * </ul>
 * Parts that are absent keep the values of the architecture's default. Unknown tokens are an error.
 */
final class PreprocessingSpec {
    private PreprocessingSpec() {
    }

    /**
     * Applies {@code spec} on top of {@code base}.
     *
     * @throws IllegalArgumentException naming the offending token
     */
    static Preprocessing apply(Preprocessing base, String spec) {
        List<Double> mean = base.mean();
        List<Double> std = base.std();
        String interpolation = base.interpolation();
        double crop = base.cropPct();
        String[] tokens = spec.trim().split("_");
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            if ((t.equals("imagenet") || t.equals("inception")) && i + 2 < tokens.length
                    && tokens[i + 1].equals("mean") && tokens[i + 2].equals("std")) {
                Preprocessing im = Preprocessing.imagenetDefault(base.inputSize());
                mean = t.equals("imagenet") ? im.mean() : VitFamily.INCEPTION_MEAN_STD;
                std = t.equals("imagenet") ? im.std() : VitFamily.INCEPTION_MEAN_STD;
                i += 2;
            } else if (t.equals("bicubic") || t.equals("bilinear")) {
                interpolation = t;
            } else if (t.startsWith("mean")) {
                mean = channels(spec, t, t.substring(4));
            } else if (t.startsWith("std")) {
                std = channels(spec, t, t.substring(3));
            } else if (t.startsWith("crop")) {
                crop = number(spec, t, t.substring(4));
            } else {
                throw new IllegalArgumentException("preprocessing '" + spec + "': unknown token '" + t + "'");
            }
        }
        try {
            return new Preprocessing(base.inputSize(), crop, interpolation, mean, std);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("preprocessing '" + spec + "': " + e.getMessage(), e);
        }
    }

    private static List<Double> channels(String spec, String token, String values) {
        String[] parts = values.split(",", -1);
        if (parts.length != 1 && parts.length != 3) {
            throw new IllegalArgumentException("preprocessing '" + spec + "': token '" + token
                    + "' needs one value or three separated by ','");
        }
        List<Double> out = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            out.add(number(spec, token, parts[parts.length == 1 ? 0 : c]));
        }
        return out;
    }

    private static double number(String spec, String token, String text) {
        try {
            double v = Double.parseDouble(text);
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("preprocessing '" + spec + "': token '" + token + "' has no valid number");
        }
    }
}
