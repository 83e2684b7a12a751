package io.qvit.launcher.internal.cli;

import io.qvit.api.model.ModelFormatException;
import io.qvit.data.DatasetFormatException;
import io.qvit.data.ImageDecodeException;
import io.qvit.engine.experiment.ExperimentException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;

/**
 * Decides whether an exception no command caught is the user's input at fault (an unreadable
 * checkpoint, dataset, image or experiment: exit code {@link ExitCodes#BAD_INPUT}) rather than a
 * failed run, looking through wrapping exceptions.
 */
public final class BadInput {
    private BadInput() {
    }

    /** True if {@code e} or one of its causes says an input file is unreadable. */
    public static boolean is(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ModelFormatException || t instanceof DatasetFormatException
                    || t instanceof ImageDecodeException || t instanceof ExperimentException
                    || t instanceof FileSystemLoopException || t instanceof NoSuchFileException) {
                return true;
            }
        }
        return false;
    }
}
