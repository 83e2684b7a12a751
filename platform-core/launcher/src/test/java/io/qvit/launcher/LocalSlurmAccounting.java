package io.qvit.launcher;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Job accounting for {@link LocalSlurm}, so that a plain {@code sacct} lists the jobs as on a real
 * cluster: a throw-away MariaDB server (its own data folder, loopback only, a free port, no grant
 * tables) and {@code slurmdbd} storing into it, both started as root with their files in the
 * cluster's folder; {@code slurmdbd.conf} lies beside {@code slurm.conf}, where slurmdbd looks for
 * it, with mode 600 as slurmdbd demands. Needs the Debian packages {@code slurmdbd} and
 * {@code mariadb-server}; {@link #unavailable()} says why not otherwise.
 */
final class LocalSlurmAccounting implements AutoCloseable {
    private static final String[] BINARIES = {"/usr/sbin/slurmdbd", "/usr/sbin/mariadbd", "/usr/bin/mariadb-install-db", "/usr/bin/sacctmgr"};
    private final Path dir;
    private final Path conf;
    private final int dbdPort;
    private final List<Process> daemons = new ArrayList<>();

    private LocalSlurmAccounting(Path dir, Path conf) throws IOException {
        this.dir = dir;
        this.conf = conf;
        this.dbdPort = LocalSlurm.freePort();
    }

    /** Why accounting cannot be started here, or null when it can. */
    static String unavailable() {
        for (String bin : BINARIES) {
            if (!Files.isExecutable(Path.of(bin))) {
                return bin + " is not installed (apt-get install slurmdbd mariadb-server; .ci/run does it as root)";
            }
        }
        return null;
    }

    /**
     * Starts MariaDB and slurmdbd for the cluster whose {@code slurm.conf} will be {@code conf};
     * returns when slurmdbd answers. The lines for {@code slurm.conf} are {@link #slurmConfLines()}.
     */
    static LocalSlurmAccounting start(Path dir, Path conf) throws IOException, InterruptedException {
        LocalSlurmAccounting a = new LocalSlurmAccounting(Files.createDirectories(dir), conf);
        try {
            a.begin();
        } catch (IOException | InterruptedException | RuntimeException e) {
            a.close();
            throw e;
        }
        return a;
    }

    private void begin() throws IOException, InterruptedException {
        Path data = dir.resolve("mariadb");
        int dbPort = LocalSlurm.freePort();
        exec(List.of("/usr/bin/mariadb-install-db", "--no-defaults", "--user=root", "--datadir=" + data,
                "--auth-root-authentication-method=normal", "--skip-test-db"), "mariadb-install-db");
        daemons.add(new ProcessBuilder("/usr/sbin/mariadbd", "--no-defaults", "--user=root", "--datadir=" + data,
                "--bind-address=127.0.0.1", "--port=" + dbPort, "--socket=" + dir.resolve("mariadb.sock"),
                "--pid-file=" + dir.resolve("mariadb.pid"), "--skip-grant-tables", "--log-error=" + dir.resolve("mariadb.log"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("mariadb.out").toFile()).start());
        Path dbdConf = conf.resolveSibling("slurmdbd.conf");
        Files.writeString(dbdConf, String.join("\n",
                "AuthType=auth/munge",
                "DbdHost=localhost",
                "DbdPort=" + dbdPort,
                "SlurmUser=root",
                "StorageType=accounting_storage/mysql",
                "StorageHost=127.0.0.1",
                "StoragePort=" + dbPort,
                "StorageUser=root",
                "StorageLoc=slurm_acct_db",
                "LogFile=" + dir.resolve("slurmdbd.log"),
                "PidFile=" + dir.resolve("slurmdbd.pid"), ""));
        Files.setPosixFilePermissions(dbdConf, PosixFilePermissions.fromString("rw-------"));
        // slurmdbd exits when the database does not answer yet: start it once MariaDB listens.
        waitForPort(dbPort, "MariaDB");
        ProcessBuilder dbd = new ProcessBuilder("/usr/sbin/slurmdbd", "-D").redirectErrorStream(true)
                .redirectOutput(dir.resolve("slurmdbd.out").toFile());
        dbd.environment().put("SLURM_CONF", conf.toString());
        daemons.add(dbd.start());
        waitForPort(dbdPort, "slurmdbd");
    }

    /** The accounting lines of {@code slurm.conf}. */
    List<String> slurmConfLines() {
        return List.of("AccountingStorageType=accounting_storage/slurmdbd", "AccountingStorageHost=localhost",
                "AccountingStoragePort=" + dbdPort);
    }

    /** Registers the cluster (before slurmctld starts, which refuses an unknown cluster otherwise). */
    void addCluster(String name) throws IOException, InterruptedException {
        LocalSlurm.Completed c = LocalSlurm.complete(List.of("/usr/bin/sacctmgr", "-i", "add", "cluster", name), conf);
        if (c.exit() != 0) {
            throw new IOException("sacctmgr add cluster " + name + " failed: " + c.output() + logs());
        }
    }

    /** The accounting daemons' logs, for failure messages. */
    String logs() throws IOException {
        return LocalSlurm.tails(dir, "slurmdbd.log", "slurmdbd.out", "mariadb.log", "mariadb.out");
    }

    @Override
    public void close() throws InterruptedException {
        LocalSlurm.stop(daemons);
    }

    private void waitForPort(int port, String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                for (Process p : daemons) {
                    if (!p.isAlive()) {
                        throw new IOException(what + " exited with " + p.exitValue() + ": " + logs());
                    }
                }
                Thread.sleep(250);
            }
        }
        throw new IOException(what + " did not listen on port " + port + " in 60 s: " + logs());
    }

    private void exec(List<String> command, String what) throws IOException, InterruptedException {
        LocalSlurm.Completed c = LocalSlurm.complete(command, null);
        if (c.exit() != 0) {
            throw new IOException(what + " failed: " + c.output());
        }
    }
}
