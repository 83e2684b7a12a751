package io.qvit.launcher.testplugins.halting;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** A hostile plugin: halts the JVM when started, past every shutdown hook (issue #21). */
public final class HaltingActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        Runtime.getRuntime().halt(0);
    }

    @Override
    public void stop(BundleContext context) {
    }
}
