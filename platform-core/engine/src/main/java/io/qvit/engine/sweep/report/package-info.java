/**
 * The merged report of a sweep as tables and plots: the grid of a sweep's cells (rows, columns,
 * seeds averaged), the tables of {@code summary.md}, the XChart plots written as SVG and PNG, and
 * the self-contained {@code report.html}. See docs/sweeps.md.
 */
package io.qvit.engine.sweep.report;
