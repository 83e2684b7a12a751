package io.qvit.launcher.internal;

import io.qvit.api.QvitPlugin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

/**
 * The usable qvit services indexed by kind and plugin id, kept current by the service tracker's
 * callbacks, so that the engine's lookups ({@code ids}, {@code find}, once per enabled site) never
 * rebuild the plugin list. A service whose activation failed is not indexed; an id whose services
 * come from two bundles is a conflict and has no usable service.
 */
final class ServiceIndex {
    private final Map<String, Map<String, List<ServiceReference<Object>>>> byKindAndId = new HashMap<>();

    /** Indexes a service under every plugin kind its object classes name. */
    synchronized void add(ServiceReference<Object> ref) {
        for (String kind : kindsOf(ref)) {
            byKindAndId.computeIfAbsent(kind, k -> new HashMap<>())
                    .computeIfAbsent(idOf(ref), k -> new ArrayList<>()).add(ref);
        }
    }

    /** Forgets a service (unregistered, or about to be re-added with new properties). */
    synchronized void remove(ServiceReference<Object> ref) {
        for (Map<String, List<ServiceReference<Object>>> ids : byKindAndId.values()) {
            ids.values().forEach(refs -> refs.remove(ref));
            ids.values().removeIf(List::isEmpty);
        }
    }

    /** The ids of {@code kind} (a service interface's simple name) with a usable service. */
    synchronized SortedSet<String> ids(String kind) {
        SortedSet<String> out = new TreeSet<>();
        byKindAndId.getOrDefault(kind, Map.of()).forEach((id, refs) -> {
            if (usable(refs).isPresent()) {
                out.add(id);
            }
        });
        return out;
    }

    /**
     * The service of {@code kind} with {@code id}: the highest bundle version when one bundle
     * registers several, none when two bundles provide the id.
     */
    synchronized Optional<ServiceReference<Object>> best(String kind, String id) {
        return usable(byKindAndId.getOrDefault(kind, Map.of()).getOrDefault(id, List.of()));
    }

    private static Optional<ServiceReference<Object>> usable(List<ServiceReference<Object>> refs) {
        ServiceReference<Object> best = null;
        Version bestVersion = null;
        Set<Long> providers = new HashSet<>();
        for (ServiceReference<Object> ref : refs) {
            if (ref.getBundle() == null) {
                continue;
            }
            providers.add(ref.getBundle().getBundleId());
            Version v = ref.getBundle().getVersion();
            if (bestVersion == null || v.compareTo(bestVersion) > 0) {
                best = ref;
                bestVersion = v;
            }
        }
        return providers.size() > 1 ? Optional.empty() : Optional.ofNullable(best);
    }

    /** The service's {@code qvit.id} property. */
    static String idOf(ServiceReference<?> ref) {
        return String.valueOf(ref.getProperty(QvitPlugin.ID_PROPERTY));
    }

    /** The first plugin kind the service's object classes name, or {@code "other"}. */
    static String kindOf(ServiceReference<?> ref) {
        return kindOf((String[]) ref.getProperty(Constants.OBJECTCLASS));
    }

    /** The first plugin kind among {@code objectClasses}, or {@code "other"}. */
    static String kindOf(String[] objectClasses) {
        List<String> kinds = kindsOf(objectClasses);
        return kinds.isEmpty() ? "other" : kinds.get(0);
    }

    private static List<String> kindsOf(ServiceReference<?> ref) {
        return kindsOf((String[]) ref.getProperty(Constants.OBJECTCLASS));
    }

    private static List<String> kindsOf(String[] objectClasses) {
        List<String> out = new ArrayList<>();
        if (objectClasses != null) {
            for (String oc : objectClasses) {
                for (Class<?> k : PluginRegistry.KINDS) {
                    if (k.getName().equals(oc) && !out.contains(k.getSimpleName())) {
                        out.add(k.getSimpleName());
                    }
                }
            }
        }
        return out;
    }
}
