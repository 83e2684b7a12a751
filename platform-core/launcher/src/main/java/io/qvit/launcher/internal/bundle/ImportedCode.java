package io.qvit.launcher.internal.bundle;

import io.qvit.engine.plugins.CodeFingerprint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * A plugin's code fingerprint that also covers the bundles it imports packages from (the
 * toolkit, another plugin), so that a change of shared maths in {@code io.qvit.toolkit} gives a
 * new config hash although the plugin's own jar is unchanged. Packages of the system bundle
 * (the API, ND4J) are covered by the platform fingerprints and left out.
 */
public final class ImportedCode {
    private ImportedCode() {
    }

    /**
     * {@code own} when {@code bundle} imports nothing from another bundle, else the SHA-256 of
     * {@code own} and each provider's symbolic name and {@link CodeFingerprint}, in name order.
     */
    public static String fingerprint(String own, Bundle bundle) {
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        if (wiring == null) {
            return own;
        }
        Map<String, String> providers = new TreeMap<>();
        for (BundleWire wire : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
            Bundle provider = wire.getProviderWiring().getBundle();
            if (provider.getBundleId() != 0 && !provider.equals(bundle)) {
                providers.put(provider.getSymbolicName(), code(provider));
            }
        }
        return combine(own, providers);
    }

    /** {@code own} when {@code providers} is empty, else the SHA-256 of both (name order). */
    static String combine(String own, Map<String, String> providers) {
        if (providers.isEmpty()) {
            return own;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(own.getBytes(StandardCharsets.UTF_8));
            new TreeMap<>(providers).forEach((name, code) -> {
                sha.update((byte) 0);
                sha.update(name.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '=');
                sha.update(code.getBytes(StandardCharsets.UTF_8));
            });
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    private static String code(Bundle provider) {
        return Locations.path(provider.getLocation()).map(p -> {
            try {
                return CodeFingerprint.of(p);
            } catch (IOException e) {
                return "unknown";
            }
        }).orElse("unknown");
    }
}
