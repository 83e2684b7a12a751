package io.qvit.launcher.internal.cli;

import io.qvit.launcher.internal.ExportedPackages;
import io.qvit.launcher.internal.HostExports;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code qvit --version}: the platform version, the API package versions the platform exports to
 * plugins (what a plugin's {@code Import-Package} ranges must accept), and the JVM.
 */
public final class QvitVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        List<String> lines = new ArrayList<>();
        lines.add("qvit " + platformVersion());
        lines.add("API packages exported to plugins:");
        for (Map.Entry<String, String> e : ExportedPackages.parse(HostExports.apiExports()).entrySet()) {
            lines.add(String.format("  %-22s %s", e.getKey(), e.getValue()));
        }
        lines.add("Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        return lines.toArray(String[]::new);
    }

    /** The launcher jar's Implementation-Version, or "development build" when run from classes. */
    public static String platformVersion() {
        String v = QvitVersion.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }
}
