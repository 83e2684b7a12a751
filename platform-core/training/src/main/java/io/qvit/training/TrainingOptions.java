package io.qvit.training;

/**
 * How {@link VitTrainer} trains: AdamW (Adam with decoupled weight decay), a linear warm-up then a
 * cosine decay of the learning rate to zero over all steps, seeded shuffling.
 *
 * @param epochs passes over the training set
 * @param batchSize images per step (an incomplete last batch is dropped, so every step has the same shape)
 * @param learningRate peak learning rate
 * @param weightDecay decoupled weight decay coefficient (multiplied by the learning rate)
 * @param warmupSteps steps of linear warm-up
 * @param seed seed of the initialisation and of the shuffling
 * @param threads ND4J compute threads
 */
public record TrainingOptions(int epochs, int batchSize, double learningRate, double weightDecay, int warmupSteps,
                              long seed, int threads) {
    /** Checks the values. */
    public TrainingOptions {
        if (epochs <= 0 || batchSize <= 0 || threads <= 0) {
            throw new IllegalArgumentException("epochs, batch size and threads must be positive");
        }
        if (!(learningRate > 0) || weightDecay < 0 || warmupSteps < 0) {
            throw new IllegalArgumentException("need learning rate > 0, weight decay >= 0, warm-up steps >= 0");
        }
    }

    /** The settings the committed quickstart checkpoint was trained with. */
    public static TrainingOptions quickstart() {
        return new TrainingOptions(10, 256, 3e-3, 0.05, 50, 0, 2);
    }
}
