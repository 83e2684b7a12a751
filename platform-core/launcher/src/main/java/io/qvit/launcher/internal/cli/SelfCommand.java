package io.qvit.launcher.internal.cli;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.qvit.launcher.internal.PlatformLayout;
import java.nio.file.Path;

/**
 * The command line that starts another qvit with the same Java, JVM options, class path and
 * {@code qvit.*} system properties as this one, limited to {@code threads} cores
 * ({@code -XX:ActiveProcessorCount}, so that every pool of the child sizes itself to its share):
 * how a local sweep runs its cells.
 */
final class SelfCommand {
    private SelfCommand() {
    }

    /** {@code java … io.qvit.launcher.Main ARGS} on {@code layout} with {@code threads} cores. */
    static List<String> of(PlatformLayout layout, int threads, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-XX:ActiveProcessorCount") && !a.startsWith("-agentlib:jdwp") && !a.startsWith("-D")) {
                cmd.add(a);
            }
        }
        Map<String, String> props = new java.util.TreeMap<>();
        for (Map.Entry<Object, Object> p : System.getProperties().entrySet()) {
            if (p.getKey().toString().startsWith("qvit.")) {
                props.put(p.getKey().toString(), p.getValue().toString());
            }
        }
        props.putAll(layout.systemProperties());
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-XX:ActiveProcessorCount=" + threads);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.qvit.launcher.Main");
        cmd.addAll(args);
        return cmd;
    }
}
