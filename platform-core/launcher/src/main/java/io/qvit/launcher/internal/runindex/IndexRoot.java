package io.qvit.launcher.internal.runindex;

import java.nio.file.Path;

/**
 * Which runs index a finished run folder is recorded in: the nearest folder above it that already
 * holds an index ({@value RunsIndex#FILE}); else the default runs root when the folder lies below
 * it (the index is created there); else the folder's parent (so {@code qvit run --out DIR}
 * records {@code DIR} in the index of {@code DIR/..}). {@code qvit sweep --out DIR} creates
 * {@code DIR}'s index before its cells run, so a sweep outside the runs root has its own.
 */
public final class IndexRoot {
    private IndexRoot() {
    }

    /** The root of the index {@code runFolder} is recorded in, given the default runs root. */
    public static Path of(Path runFolder, Path defaultRoot) {
        Path folder = runFolder.toAbsolutePath().normalize();
        for (Path p = folder.getParent(); p != null; p = p.getParent()) {
            if (RunsIndex.exists(p)) {
                return p;
            }
        }
        Path runs = defaultRoot.toAbsolutePath().normalize();
        if (folder.startsWith(runs) && !folder.equals(runs)) {
            return runs;
        }
        return folder.getParent() != null ? folder.getParent() : folder;
    }
}
