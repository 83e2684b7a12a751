package io.qvit.data;

/**
 * An image the {@link BatchLoader} could not load and left out of its batches.
 *
 * @param index the image's index in the dataset
 * @param name the image's name in the dataset
 * @param reason why it was skipped (the decoder's message, which names the file)
 */
public record SkippedImage(int index, String name, String reason) {
    @Override
    public String toString() {
        return name + " (#" + index + "): " + reason;
    }
}
