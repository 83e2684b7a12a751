package io.qvit.launcher.internal.install;

import io.qvit.launcher.internal.Platform;
import io.qvit.launcher.internal.PluginRecord;
import io.qvit.launcher.internal.UnresolvedExplanation;
import io.qvit.launcher.internal.bundle.Locations;
import io.qvit.launcher.internal.bundle.PluginJar;
import io.qvit.launcher.internal.bundle.ProvidedPlugin;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The checks a plugin jar must pass before it is installed, against a running platform: it
 * declares at least one qvit plugin, it resolves against the packages the platform exports (the
 * OSGi resolver itself decides, on a temporary copy of the bundle), and none of its plugin ids is
 * already provided by another bundle.
 */
public final class InstallCheck {
    private InstallCheck() {
    }

    /**
     * The problems of {@code jar}, one line each; empty when it can be installed.
     *
     * @param replacing true to ignore plugins of a bundle with the same symbolic name (an upgrade)
     */
    public static List<String> problems(Platform platform, PluginJar jar, boolean replacing) {
        List<String> out = new ArrayList<>();
        if (jar.plugins().isEmpty()) {
            out.add("declares no qvit plugin (no component with @QvitPlugin in its Service-Component descriptors)");
        }
        resolution(platform, jar).ifPresent(out::add);
        for (ProvidedPlugin p : jar.plugins()) {
            for (PluginRecord r : platform.registry().list()) {
                boolean sameBundle = jar.symbolicName().equals(r.bundle());
                if (r.kind().equals(p.kind()) && r.id().equals(p.id()) && !(replacing && sameBundle)
                        && !Locations.path(r.location()).map(jar.file()::equals).orElse(false)) {
                    out.add(p.kind() + " id '" + p.id() + "' is already provided by " + r.bundle() + " " + r.version()
                            + " (" + r.location() + ")" + (sameBundle ? "; this is an upgrade of it" : "; choose another id"));
                }
            }
        }
        return out;
    }

    /** Why the bundle would not resolve in {@code platform}, or empty if it resolves. */
    static Optional<String> resolution(Platform platform, PluginJar jar) {
        BundleContext ctx = platform.host().framework().getBundleContext();
        Bundle probe = null;
        try (InputStream in = Files.newInputStream(jar.file())) {
            probe = ctx.installBundle("qvit-install-check:" + jar.sha256(), in);
            boolean resolved = platform.host().framework().adapt(FrameworkWiring.class).resolveBundles(List.of(probe));
            return resolved ? Optional.empty()
                    : Optional.of("does not resolve: " + UnresolvedExplanation.explain(probe, ctx.getBundle(0)));
        } catch (BundleException e) {
            return Optional.of("cannot be installed: " + e.getMessage());
        } catch (IOException e) {
            return Optional.of("cannot read " + jar.file() + ": " + e.getMessage());
        } finally {
            if (probe != null) {
                try {
                    probe.uninstall();
                } catch (BundleException ignored) {
                    // the probe lives in this process's temporary framework cache only
                }
            }
        }
    }
}
