package io.qvit.launcher.internal.install;

import io.qvit.api.QvitPlugin;
import io.qvit.launcher.internal.Platform;
import io.qvit.launcher.internal.bundle.PluginJar;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * A plugin jar installed and started in a platform for a moment ({@code qvit plugins check}), to
 * obtain its services; uninstalled on close. The platform is a command's own, never a shared one.
 */
public final class ProbeBundle implements AutoCloseable {
    private final BundleContext context;
    private final Bundle bundle;

    private ProbeBundle(BundleContext context, Bundle bundle) {
        this.context = context;
        this.bundle = bundle;
    }

    /**
     * Installs and starts {@code jar} in {@code platform}.
     *
     * @throws InstallException naming the jar if it cannot be installed or started
     */
    public static ProbeBundle start(Platform platform, PluginJar jar) throws InstallException {
        BundleContext ctx = platform.host().framework().getBundleContext();
        try (InputStream in = Files.newInputStream(jar.file())) {
            Bundle b = ctx.installBundle("qvit-check:" + jar.sha256(), in);
            try {
                b.start();
            } catch (BundleException e) {
                b.uninstall();
                throw e;
            }
            return new ProbeBundle(ctx, b);
        } catch (BundleException | IOException e) {
            throw new InstallException(jar.file() + ": cannot start the bundle: " + e.getMessage(), e);
        }
    }

    /**
     * The services of {@code kind} this bundle registers, by plugin id, waiting up to 5 s for them.
     * A component whose activation throws is missing from the map.
     */
    public <T> Map<String, T> services(Class<T> kind, Collection<String> ids) throws InterruptedException {
        Map<String, T> out = new LinkedHashMap<>();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (out.size() < ids.size() && System.nanoTime() < deadline) {
            try {
                for (ServiceReference<T> ref : context.getServiceReferences(kind, null)) {
                    Object id = ref.getProperty(QvitPlugin.ID_PROPERTY);
                    if (ref.getBundle() == bundle && id != null && ids.contains(id.toString()) && !out.containsKey(id.toString())) {
                        T svc = context.getService(ref);
                        if (svc != null) {
                            out.put(id.toString(), svc);
                        }
                    }
                }
            } catch (InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
            if (out.size() < ids.size()) {
                Thread.sleep(100);
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            bundle.uninstall();
        } catch (BundleException | IllegalStateException e) {
            // the platform is this command's own and stops next
        }
    }
}
