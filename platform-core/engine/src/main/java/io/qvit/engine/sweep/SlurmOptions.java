package io.qvit.engine.sweep;

/**
 * What a sweep asks SLURM for, per cell (one array task each).
 *
 * @param partition the partition, or null for the cluster's default
 * @param time the time limit ({@code sbatch --time}, e.g. {@code 02:00:00}), or null for the partition's
 * @param memory the memory per task ({@code sbatch --mem}, e.g. {@code 8G}), or null for the partition's
 * @param cpusPerTask the cores per task, also the cell's thread count
 * @param maxParallel at most this many tasks run at once ({@code --array=...%N}); 0 for no limit
 */
public record SlurmOptions(String partition, String time, String memory, int cpusPerTask, int maxParallel) {
    /** Checks the values. */
    public SlurmOptions {
        if (cpusPerTask < 1) {
            throw new IllegalArgumentException("--cpus-per-task must be ≥ 1, got " + cpusPerTask);
        }
        if (maxParallel < 0) {
            throw new IllegalArgumentException("--max-parallel must be ≥ 0, got " + maxParallel);
        }
        for (String v : new String[] {partition, time, memory}) {
            if (v != null && !v.matches("[A-Za-z0-9:._-]+")) {
                throw new IllegalArgumentException("SLURM option value '" + v + "' must be letters, digits and : . _ -");
            }
        }
    }
}
