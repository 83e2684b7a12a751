package io.qvit.launcher.testplugins.hanging;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** A broken plugin whose activation does not finish for a minute (issue #21). */
public final class HangingActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) throws InterruptedException {
        long end = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < end) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                // keeps hanging, like a careless plugin
            }
        }
    }

    @Override
    public void stop(BundleContext context) {
    }
}
