package io.qvit.launcher.testplugins.throwing;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** A broken plugin whose activator throws (issue #21). */
public final class ThrowingActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        throw new IllegalStateException("activator boom");
    }

    @Override
    public void stop(BundleContext context) {
    }
}
