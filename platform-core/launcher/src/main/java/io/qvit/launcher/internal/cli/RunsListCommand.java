package io.qvit.launcher.internal.cli;

import io.qvit.launcher.internal.runindex.IndexedRun;
import io.qvit.launcher.internal.runindex.RunRecord;
import io.qvit.launcher.internal.runindex.RunsIndex;
import io.qvit.launcher.internal.runindex.RunsIndexException;
import io.qvit.launcher.internal.runindex.SetResult;
import io.qvit.launcher.internal.runindex.WhereClause;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code qvit runs list [--root DIR] [--where CLAUSE] [--limit N] [--json]}: the indexed runs, one
 * line per run and evaluation set, newest first, filtered by a {@link WhereClause}. A root
 * without an index is indexed first.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List indexed runs, newest first: one line per run and evaluation set.")
public final class RunsListCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--root", paramLabel = "DIR", defaultValue = "runs", description = "The runs root (default: runs).")
    private Path root;

    @Option(names = "--where", paramLabel = "CLAUSE",
            description = "Filter, e.g. \"method=repq and bits=4 and top1>60%%\" (keys: docs/runs-index.md).")
    private String where;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N lines (0: all; default 100).")
    private int limit;

    @Option(names = "--json", description = "Print JSON lines (one object per run and set) for scripts.")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        WhereClause clause;
        try {
            clause = WhereClause.parse(where);
        } catch (RunsIndexException e) {
            err.println("qvit runs list: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        if (!Files.isDirectory(root)) {
            err.println("qvit runs list: --root " + root + ": no such folder (qvit run writes run folders into runs/)");
            return ExitCodes.BAD_INPUT;
        }
        try (RunsIndex index = RunsIndexCommand.openBuilt(root, err)) {
            List<IndexedRun> rows = index.list(clause, limit);
            if (json) {
                rows.forEach(r -> out.println(json(r)));
            } else {
                out.println(table(rows));
            }
            out.flush();
            return ExitCodes.OK;
        } catch (RunsIndexException e) {
            err.println("qvit: " + e.getMessage());
            return ExitCodes.RUN_FAILED;
        }
    }

    /** The table of {@code rows}. */
    static String table(List<IndexedRun> rows) {
        String fmt = "%-12s  %-10s  %-5s  %4s  %-20s  %9s  %9s  %9s  %7s  %-28s  %s%n";
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, fmt, "hash", "method", "W/A", "seed", "set",
                "fp32 top1", "top1", "top5", "Δ top1", "experiment", "path"));
        for (IndexedRun row : rows) {
            RunRecord r = row.run();
            SetResult s = row.set();
            sb.append(String.format(Locale.ROOT, fmt, r.configHash().substring(0, Math.min(12, r.configHash().length())),
                    orDash(r.method()), bits(r), r.repeat() ? "mean" : r.seed() == null ? "-" : r.seed().toString(),
                    s == null ? "-" : s.set(), pct(s == null ? null : s.fp32Top1()), pct(s == null ? null : s.quantTop1()),
                    pct(s == null ? null : s.quantTop5()),
                    s == null || s.fp32Top1() == null || s.quantTop1() == null ? "-"
                            : String.format(Locale.ROOT, "%+.2f", 100 * (s.quantTop1() - s.fp32Top1())),
                    r.experiment(), r.path()));
        }
        sb.append(rows.size()).append(rows.size() == 1 ? " line" : " lines");
        return sb.toString();
    }

    private static String json(IndexedRun row) {
        RunRecord r = row.run();
        SetResult s = row.set();
        return Json.object("path", r.path(), "experiment", r.experiment(), "config_hash", r.configHash(), "status", r.status(),
                "arch", r.arch(), "method", r.method(), "wbits", r.wbits(), "abits", r.abits(), "seed", r.seed(),
                "repeat", r.repeat(), "set", s == null ? null : s.set(), "images", s == null ? null : s.images(),
                "fp32_top1", s == null ? null : s.fp32Top1(), "fp32_top5", s == null ? null : s.fp32Top5(),
                "top1", s == null ? null : s.quantTop1(), "top5", s == null ? null : s.quantTop5(),
                "calib_seconds", r.calibSeconds(), "total_seconds", r.totalSeconds(), "finished", r.finished(),
                "commit", r.commit(), "version", r.version());
    }

    private static String bits(RunRecord r) {
        if (r.wbits() == null && r.abits() == null) {
            return "-";
        }
        return (r.wbits() == null ? "?" : r.wbits()) + "/" + (r.abits() == null ? "?" : r.abits());
    }

    private static String pct(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }
}
