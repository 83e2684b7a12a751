package io.qvit.engine.sweep;

import io.qvit.engine.run.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Submits cells as one SLURM job array ({@code sbatch --array}): task i runs the i-th line of
 * {@code DIR/slurm/cells.txt} with the same command a local sweep uses, from the shared
 * installation, writing into the cell's run folder and its {@code run.log} and {@code exit_code}
 * like the local executor. {@code qvit sweep --status} and {@code --collect} read the folders;
 * submitting again sends only the cells that have not finished (the failed ones, or new ones).
 * The batch script is kept as {@code DIR/slurm/sweep.sbatch}, the job id in {@code DIR/slurm/job_id}.
 */
public final class SlurmExecutor {
    private static final String CELL = "\u0000CELL\u0000";

    private final SweepFolder folder;
    private final SlurmOptions options;
    private final String sbatch;

    /**
     * An executor.
     *
     * @param sbatch the {@code sbatch} command (on the PATH, or a full path)
     */
    public SlurmExecutor(SweepFolder folder, SlurmOptions options, String sbatch) {
        this.folder = folder;
        this.options = options;
        this.sbatch = sbatch;
    }

    /** The placeholder that stands for the cell id in a command given to {@link #script}. */
    public static String cellPlaceholder() {
        return CELL;
    }

    /**
     * The batch script for {@code cells}.
     *
     * @param name the job name
     * @param command the command that runs one cell, with {@link #cellPlaceholder()} where the id goes
     */
    public String script(String name, List<String> cells, List<String> command) {
        Path slurm = folder.root().toAbsolutePath().resolve("slurm");
        StringBuilder sb = new StringBuilder("#!/bin/bash\n");
        sb.append("#SBATCH --job-name=").append(quote("qvit-" + name)).append('\n');
        sb.append("#SBATCH --array=0-").append(cells.size() - 1)
                .append(options.maxParallel() > 0 ? "%" + options.maxParallel() : "").append('\n');
        sb.append("#SBATCH --cpus-per-task=").append(options.cpusPerTask()).append('\n');
        sb.append("#SBATCH --ntasks=1\n");
        if (options.partition() != null) {
            sb.append("#SBATCH --partition=").append(options.partition()).append('\n');
        }
        if (options.time() != null) {
            sb.append("#SBATCH --time=").append(options.time()).append('\n');
        }
        if (options.memory() != null) {
            sb.append("#SBATCH --mem=").append(options.memory()).append('\n');
        }
        sb.append("#SBATCH --output=").append(quote(slurm.resolve("task-%A_%a.out").toString())).append('\n');
        sb.append("# qvit sweep: one array task per line of cells.txt (a cell id)\n");
        sb.append("set -u\n");
        sb.append("read -r ID < <(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" ")
                .append(quote(slurm.resolve("cells.txt").toString())).append(")\n");
        sb.append("CELLS=").append(quote(folder.root().toAbsolutePath().resolve("cells").toString())).append('\n');
        sb.append("mkdir -p \"$CELLS/$ID\"\n");
        sb.append("rm -f \"$CELLS/$ID/exit_code\"\n");
        StringBuilder cmd = new StringBuilder();
        for (String arg : command) {
            cmd.append(cmd.length() == 0 ? "" : " ").append(word(arg));
        }
        sb.append(cmd).append(" >> \"$CELLS/$ID/run.log\" 2>&1\n");
        sb.append("code=$?\n");
        sb.append("echo \"$code\" > \"$CELLS/$ID/exit_code.tmp\" && mv \"$CELLS/$ID/exit_code.tmp\" \"$CELLS/$ID/exit_code\"\n");
        sb.append("exit \"$code\"\n");
        return sb.toString();
    }

    /**
     * Writes {@code cells.txt} and the batch script and submits the array.
     *
     * @return the job id
     * @throws IOException when sbatch cannot be started or refuses the job (its message included)
     */
    public String submit(String name, List<String> cells, List<String> command)
            throws IOException, InterruptedException {
        Path slurm = Files.createDirectories(folder.root().resolve("slurm"));
        StringBuilder lines = new StringBuilder();
        for (String id : cells) {
            Files.createDirectories(folder.cell(id));
            Files.deleteIfExists(folder.exitCode(id));
            lines.append(id).append('\n');
        }
        AtomicFiles.write(slurm.resolve("cells.txt"), lines.toString());
        Path script = slurm.resolve("sweep.sbatch");
        AtomicFiles.write(script, script(name, cells, command));
        List<String> cmd = new ArrayList<>(List.of(sbatch, "--parsable", script.toAbsolutePath().toString()));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot start '" + sbatch + "' (is SLURM installed here?): " + e.getMessage(), e);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IOException("sbatch refused the job array: " + output);
        }
        String jobId = output.lines().reduce((a, b) -> b).orElse("").split(";")[0].strip();
        if (!jobId.matches("\\d+")) {
            throw new IOException("sbatch answered '" + output + "', not a job id");
        }
        AtomicFiles.write(slurm.resolve("job_id"), jobId + "\n");
        return jobId;
    }

    /** A shell word for {@code arg}, with the cell placeholder as {@code "$ID"}. */
    private static String word(String arg) {
        String[] parts = arg.split(CELL, -1);
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                w.append("\"$ID\"");
            }
            if (!parts[i].isEmpty()) {
                w.append(quote(parts[i]));
            }
        }
        return w.length() == 0 ? "''" : w.toString();
    }

    /** A shell word: single-quoted unless it is plainly safe. */
    static String quote(String s) {
        return s.matches("[A-Za-z0-9_@%+=:,./-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
