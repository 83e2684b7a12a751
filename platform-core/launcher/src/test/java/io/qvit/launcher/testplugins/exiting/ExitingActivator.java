package io.qvit.launcher.testplugins.exiting;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** A hostile plugin: ends the JVM when started (issue #21). */
public final class ExitingActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        System.exit(0);
    }

    @Override
    public void stop(BundleContext context) {
    }
}
