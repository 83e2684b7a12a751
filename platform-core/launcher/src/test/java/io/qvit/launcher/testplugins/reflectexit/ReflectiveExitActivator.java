package io.qvit.launcher.testplugins.reflectexit;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** A hostile plugin that hides its System.exit(0) from a class-file scan by calling it reflectively (issue #21). */
public final class ReflectiveExitActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) throws Exception {
        Class.forName("java.lang." + "System").getMethod("ex" + "it", int.class).invoke(null, 0);
    }

    @Override
    public void stop(BundleContext context) {
    }
}
