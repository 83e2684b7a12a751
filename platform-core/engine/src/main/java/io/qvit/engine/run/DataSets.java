package io.qvit.engine.run;

import io.qvit.data.FileImageDataset;
import io.qvit.data.IdxDataset;
import io.qvit.data.ImageDataset;
import io.qvit.engine.experiment.ExperimentException;
import io.qvit.engine.experiment.ExperimentFile;
import io.qvit.engine.experiment.ExperimentSpec.ImageSetSpec;
import io.qvit.engine.quant.Seeds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;

/**
 * Opens the image sets an experiment names ({@code data.calibration}, {@code data.evaluation[i]}):
 * IDX splits, listed, labelled or class-folder images, then {@code exclude}, {@code limit} and a
 * seeded {@code sample}; every problem is an error naming the experiment key.
 */
final class DataSets {
    private DataSets() {
    }

    /** The set at {@code key} of {@code file}. */
    static ImageDataset open(ExperimentFile file, String key, ImageSetSpec set) throws ExperimentException {
        long seed = file.spec().seed();
        try {
            Path images = file.resolve(set.images());
            ImageDataset ds;
            if (set.split() != null) {
                ds = IdxDataset.mnistSplit(images, "train".equals(set.split()));
            } else if (set.list() != null) {
                ds = FileImageDataset.listed(file.resolve(set.list()), images);
            } else if (set.labels() != null) {
                ds = FileImageDataset.labelled(images, file.resolve(set.labels()));
            } else if (Files.exists(images.resolve("labels.txt"))) {
                ds = FileImageDataset.labelled(images);
            } else {
                ds = FileImageDataset.classFolders(images);
            }
            if (set.exclude() != null) {
                Path list = file.resolve(set.exclude());
                try {
                    ds = ds.without(new HashSet<>(Files.readAllLines(list).stream()
                            .map(String::strip).filter(l -> !l.isEmpty()).toList()));
                } catch (IllegalArgumentException e) {
                    throw file.error(key + ".exclude", list + ": " + e.getMessage());
                }
            }
            if (set.limit() != null && set.limit() < ds.size()) {
                ds = ds.subset(0, set.limit());
            }
            return set.sample() != null ? ds.sample(set.sample(), Seeds.derive(seed, key)) : ds;
        } catch (IOException e) {
            throw file.error(key, e.getMessage());
        }
    }

    /** Refuses a set whose labels fall outside the model's {@code classes}. */
    static void checkLabels(ExperimentFile file, String key, ImageDataset dataset, int classes)
            throws ExperimentException {
        for (int i = 0; i < dataset.size(); i++) {
            if (dataset.label(i) < 0 || dataset.label(i) >= classes) {
                throw file.error(key, dataset.description() + ": image " + dataset.name(i) + " has class "
                        + dataset.label(i) + " but the model has " + classes + " classes");
            }
        }
    }
}
