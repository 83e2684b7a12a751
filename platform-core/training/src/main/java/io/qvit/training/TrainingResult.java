package io.qvit.training;

import java.util.List;

/**
 * What a training run measured.
 *
 * @param stepLosses the loss of every step, in order
 * @param epochLosses mean loss of each epoch
 * @param epochTrainAccuracy training top-1 of each epoch (on the batches as they were trained)
 * @param epochTestAccuracy top-1 on the evaluation set after each epoch (empty without one)
 * @param seconds wall time of the training (data loading excluded)
 */
public record TrainingResult(List<Double> stepLosses, List<Double> epochLosses, List<Double> epochTrainAccuracy,
                             List<Double> epochTestAccuracy, double seconds) {
    /** Copies the lists. */
    public TrainingResult {
        stepLosses = List.copyOf(stepLosses);
        epochLosses = List.copyOf(epochLosses);
        epochTrainAccuracy = List.copyOf(epochTrainAccuracy);
        epochTestAccuracy = List.copyOf(epochTestAccuracy);
    }
}
