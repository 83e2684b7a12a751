package io.qvit.launcher.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.namespace.PackageNamespace;

/**
 * Explains why a plugin bundle does not resolve, in the terms a plugin author needs: for each
 * package import that nothing satisfies, the version range the bundle asks for and the versions
 * the platform exports ("needs io.qvit.api.quant [2.0,3) but the platform exports 0.1.0").
 */
public final class UnresolvedExplanation {
    private UnresolvedExplanation() {
    }

    /** Why {@code bundle} does not resolve, per missing package import. */
    public static String explain(Bundle bundle, Bundle systemBundle) {
        BundleRevision rev = bundle.adapt(BundleRevision.class);
        if (rev == null) {
            return "bundle is not resolved";
        }
        List<BundleCapability> exported = new ArrayList<>();
        for (Bundle b : systemBundle.getBundleContext().getBundles()) {
            BundleRevision r = b.adapt(BundleRevision.class);
            if (r != null && b.getState() != Bundle.INSTALLED && b.getState() != Bundle.UNINSTALLED) {
                exported.addAll(r.getDeclaredCapabilities(PackageNamespace.PACKAGE_NAMESPACE));
            }
        }
        List<String> problems = new ArrayList<>();
        for (BundleRequirement req : rev.getDeclaredRequirements(PackageNamespace.PACKAGE_NAMESPACE)) {
            if (PackageNamespace.RESOLUTION_OPTIONAL.equals(req.getDirectives().get(PackageNamespace.REQUIREMENT_RESOLUTION_DIRECTIVE))) {
                continue;
            }
            String filter = req.getDirectives().getOrDefault("filter", "");
            String pkg = packageName(filter);
            List<String> versions = new ArrayList<>();
            boolean satisfied = false;
            for (BundleCapability cap : exported) {
                Map<String, Object> attrs = cap.getAttributes();
                if (pkg.equals(attrs.get(PackageNamespace.PACKAGE_NAMESPACE))) {
                    versions.add(String.valueOf(attrs.get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE)));
                    satisfied |= req.matches(cap);
                }
            }
            if (!satisfied) {
                problems.add("needs package " + pkg + " " + range(filter) + " but the platform exports "
                        + (versions.isEmpty() ? "no such package" : "version " + String.join(", ", versions)));
            }
        }
        if (problems.isEmpty()) {
            try {
                bundle.start(Bundle.START_TRANSIENT);
                return "resolves now; it was not resolved before";
            } catch (BundleException e) {
                return e.getMessage();
            }
        }
        return String.join("; ", problems);
    }

    private static String packageName(String filter) {
        int i = filter.indexOf("osgi.wiring.package=");
        if (i < 0) {
            return filter;
        }
        int start = i + "osgi.wiring.package=".length();
        int end = filter.indexOf(')', start);
        return filter.substring(start, end < 0 ? filter.length() : end);
    }

    /** The version range in interval notation, read back from the requirement filter. */
    static String range(String filter) {
        String low = null;
        String high = null;
        boolean lowInclusive = true;
        boolean highInclusive = false;
        java.util.regex.Matcher ge = java.util.regex.Pattern.compile("(?<!!)\\(version>=([^)]+)\\)").matcher(filter);
        java.util.regex.Matcher notLe = java.util.regex.Pattern.compile("\\(!\\(version<=([^)]+)\\)\\)").matcher(filter);
        java.util.regex.Matcher lt = java.util.regex.Pattern.compile("\\(!\\(version>=([^)]+)\\)\\)").matcher(filter);
        java.util.regex.Matcher le = java.util.regex.Pattern.compile("(?<!!)\\(version<=([^)]+)\\)").matcher(filter);
        if (notLe.find()) {
            low = notLe.group(1);
            lowInclusive = false;
        } else if (ge.find()) {
            low = ge.group(1);
        }
        if (lt.find()) {
            high = lt.group(1);
        } else if (le.find()) {
            high = le.group(1);
            highInclusive = true;
        }
        if (low == null && high == null) {
            return "(any version)";
        }
        if (high == null) {
            return "version " + low + " or later";
        }
        return (lowInclusive ? "[" : "(") + (low == null ? "0" : low) + "," + high + (highInclusive ? "]" : ")");
    }
}
