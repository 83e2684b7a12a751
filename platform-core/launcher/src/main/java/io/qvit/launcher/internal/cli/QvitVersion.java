package io.qvit.launcher.internal.cli;

import picocli.CommandLine.IVersionProvider;

/** Prints the qvit version and the API package versions the platform exports. */
public final class QvitVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = QvitVersion.class.getPackage().getImplementationVersion();
        return new String[] {"qvit " + (v == null ? "development build" : v),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
}
