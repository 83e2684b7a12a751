/**
 * Sweeps: the cells of a matrix experiment run by an executor (child processes on this machine,
 * or a SLURM job array), each in its own run folder, and merged into one report
 * ({@code summary.csv}, {@code summary.md}, {@code summary.json}). See docs/sweeps.md.
 */
package io.qvit.engine.sweep;
