package io.qvit.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A single-node SLURM cluster on this machine for tests: munge (started if it is not running),
 * {@code slurmctld} and {@code slurmd} as root with a generated {@code slurm.conf}
 * ({@code ProctrackType=proctrack/linuxproc}, no cgroups, free ports, state in a temporary folder)
 * and, where {@code slurmdbd} and MariaDB are installed, {@link LocalSlurmAccounting} so that
 * {@code sacct} lists the jobs (else job completion records in a text file). Needs the Debian
 * packages {@code slurmctld}, {@code slurmd} and {@code munge} and root; {@link #unavailable()}
 * says why not otherwise.
 */
final class LocalSlurm implements AutoCloseable {
    private static final String CLUSTER = "qvittest";
    private final Path dir;
    private final Path conf;
    private final List<Process> daemons = new ArrayList<>();
    private LocalSlurmAccounting accounting;

    private LocalSlurm(Path dir) {
        this.dir = dir;
        this.conf = dir.resolve("slurm.conf");
    }

    /** Why a cluster cannot be started here, or null when it can. */
    static String unavailable() {
        for (String bin : new String[] {"/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged", "/usr/bin/sbatch"}) {
            if (!Files.isExecutable(Path.of(bin))) {
                return bin + " is not installed (apt-get install slurmctld slurmd munge; .ci/run does it as root)";
            }
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return "slurmd must run as root";
        }
        if (!Files.isReadable(Path.of("/etc/munge/munge.key"))) {
            return "/etc/munge/munge.key is missing";
        }
        return null;
    }

    /** Starts the cluster with its files in {@code dir}; waits until its node is idle. */
    static LocalSlurm start(Path dir) throws IOException, InterruptedException {
        LocalSlurm s = new LocalSlurm(Files.createDirectories(dir));
        try {
            s.begin();
        } catch (IOException | InterruptedException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void begin() throws IOException, InterruptedException {
        if (run(List.of("pgrep", "-x", "munged")) != 0) {
            Files.createDirectories(Path.of("/run/munge"));
            run(List.of("chown", "munge:munge", "/run/munge"));
            if (run(List.of("su", "-s", "/bin/sh", "munge", "-c", "/usr/sbin/munged")) != 0) {
                run(List.of("/usr/sbin/munged", "--force"));
            }
        }
        String host = InetAddress.getLocalHost().getHostName().split("\\.")[0];
        long memMb = Math.max(1024, ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize() / (1 << 20) - 1024);
        Files.createDirectories(dir.resolve("state"));
        Files.createDirectories(dir.resolve("spool"));
        List<String> jobRecords = List.of("AccountingStorageType=accounting_storage/none", "JobCompType=jobcomp/filetxt",
                "JobCompLoc=" + dir.resolve("jobcomp.txt"));
        if (LocalSlurmAccounting.unavailable() == null) {
            accounting = LocalSlurmAccounting.start(dir.resolve("accounting"), conf);
            jobRecords = accounting.slurmConfLines();
        }
        List<String> lines = new ArrayList<>(List.of(
                "ClusterName=" + CLUSTER,
                "SlurmctldHost=" + host,
                "SlurmUser=root",
                "SlurmdUser=root",
                "AuthType=auth/munge",
                "CredType=cred/munge",
                "ProctrackType=proctrack/linuxproc",
                "TaskPlugin=task/none",
                "SelectType=select/cons_tres",
                "SelectTypeParameters=CR_CPU",
                "StateSaveLocation=" + dir.resolve("state"),
                "SlurmdSpoolDir=" + dir.resolve("spool"),
                "SlurmctldPidFile=" + dir.resolve("slurmctld.pid"),
                "SlurmdPidFile=" + dir.resolve("slurmd.pid"),
                "SlurmctldPort=" + freePort(),
                "SlurmdPort=" + freePort(),
                "SlurmctldLogFile=" + dir.resolve("slurmctld.log"),
                "SlurmdLogFile=" + dir.resolve("slurmd.log"),
                "ReturnToService=2",
                "MpiDefault=none",
                "SwitchType=switch/none",
                "JobAcctGatherType=jobacct_gather/none",
                "NodeName=" + host + " CPUs=" + Runtime.getRuntime().availableProcessors() + " RealMemory=" + memMb
                        + " State=UNKNOWN",
                "PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP"));
        lines.addAll(jobRecords);
        lines.add("");
        Files.writeString(conf, String.join("\n", lines));
        if (accounting != null) {
            accounting.addCluster(CLUSTER);
        }
        daemons.add(new ProcessBuilder("/usr/sbin/slurmctld", "-D", "-f", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("slurmctld.out").toFile()).start());
        daemons.add(new ProcessBuilder("/usr/sbin/slurmd", "-D", "-f", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("slurmd.out").toFile()).start());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String state = output(List.of("sinfo", "-h", "-o", "%t")).strip();
            if (state.equals("idle")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IOException("the SLURM node did not become idle in 60 s: " + logs());
    }

    /** Whether {@code sacct} lists this cluster's jobs from slurmdbd (else only {@code sacct -c} from a text file). */
    boolean accounts() {
        return accounting != null;
    }

    /** A shell script that runs {@code sbatch} against this cluster (what {@code qvit sweep --sbatch} is given). */
    Path sbatch() throws IOException {
        Path f = dir.resolve("sbatch.sh");
        Files.writeString(f, "#!/bin/sh\nSLURM_CONF='" + conf + "' exec /usr/bin/sbatch \"$@\"\n");
        f.toFile().setExecutable(true);
        return f;
    }

    /** The output of a SLURM client command against this cluster. */
    String output(List<String> command) throws IOException, InterruptedException {
        return complete(command, conf).output();
    }

    /** A command that ran to its end: its exit code and what it printed (stdout and stderr merged). */
    record Completed(int exit, String output) {}

    /**
     * Runs {@code command} to its end, with {@code SLURM_CONF} set to {@code slurmConf} unless that
     * is null (the SLURM client commands of {@link LocalSlurm} and {@link LocalSlurmAccounting}).
     */
    static Completed complete(List<String> command, Path slurmConf) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (slurmConf != null) {
            pb.environment().put("SLURM_CONF", slurmConf.toString());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Completed(p.waitFor(), out);
    }

    /** The daemons' logs, for failure messages. */
    String logs() throws IOException {
        return tails(dir, "slurmctld.log", "slurmd.log", "slurmctld.out", "slurmd.out") + (accounting == null ? "" : accounting.logs());
    }

    /** The last 15 lines of each of {@code files} in {@code dir} that exists. */
    static String tails(Path dir, String... files) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String f : files) {
            Path p = dir.resolve(f);
            if (Files.exists(p)) {
                List<String> lines = Files.readAllLines(p, StandardCharsets.ISO_8859_1);
                sb.append("\n--- ").append(f).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws InterruptedException {
        stop(daemons);
        if (accounting != null) {
            accounting.close();
        }
    }

    /** Stops daemons: SIGTERM, then SIGKILL after 20 s. */
    static void stop(List<Process> daemons) throws InterruptedException {
        for (Process p : daemons) {
            p.destroy();
        }
        for (Process p : daemons) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor();
    }

    /** A port nobody listens on now. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
