package io.qvit.launcher.internal.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osgi.framework.Bundle;

/**
 * The qvit plugins an installed bundle declares, read from its component descriptors through
 * {@link Bundle#getEntry}, which works before the bundle resolves: so an unresolved or failed
 * bundle can still be named by the plugin ids it would provide.
 */
public final class BundleDescriptors {
    private BundleDescriptors() {
    }

    /** The declared plugins; empty when the bundle declares none or its descriptors cannot be read. */
    public static List<ProvidedPlugin> of(Bundle bundle, Set<String> kinds) {
        List<ProvidedPlugin> out = new ArrayList<>();
        try {
            for (String entry : ComponentDescriptors.entries(bundle.getHeaders("").get("Service-Component"))) {
                URL url = bundle.getEntry(entry);
                if (url == null) {
                    continue;
                }
                try (InputStream in = url.openStream()) {
                    out.addAll(ComponentDescriptors.parse(in, entry, kinds));
                }
            }
        } catch (IOException | IllegalStateException e) {
            return List.of(); // an uninstalled bundle or an unreadable descriptor: nothing to add
        }
        return out;
    }
}
