package io.qvit.launcher.internal;

import io.qvit.api.QvitPlugin;
import io.qvit.api.alloc.BitAllocator;
import io.qvit.api.kernel.IntegerKernel;
import io.qvit.api.model.ModelLoader;
import io.qvit.api.quant.MethodPreset;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.reparam.Reparameterization;
import io.qvit.engine.plugins.PluginCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Tracks qvit plugins as they come and go: every service that carries a {@code qvit.id} property
 * and implements one of the API's service interfaces, plus the plugin bundles that failed to
 * resolve, start or activate, with the reason. A plugin that throws during activation is recorded
 * as {@link PluginState#FAILED}; it never takes the registry or the platform down.
 *
 * <p>It is also the engine's {@link PluginCatalog}.
 */
public final class PluginRegistry implements PluginCatalog {
    /** The API service interfaces a plugin can provide. */
    public static final List<Class<?>> KINDS = List.of(ModelLoader.class, Quantizer.class, MethodPreset.class,
            Reparameterization.class, BitAllocator.class, IntegerKernel.class,
            io.qvit.api.deploy.ModelExporter.class, io.qvit.api.deploy.InferenceBackend.class);

    private final BundleContext context;
    private final List<Path> pluginDirs;
    private final ServiceTracker<Object, Object> services;
    private final ServiceTracker<ServiceComponentRuntime, ServiceComponentRuntime> scr;

    /**
     * A registry over the framework of {@code context}; bundles installed from {@code pluginDirs}
     * (shipped and drop-in plugins) are listed even when they provide no service.
     */
    public PluginRegistry(BundleContext context, List<Path> pluginDirs) {
        this.context = context;
        this.pluginDirs = pluginDirs.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        try {
            this.services = new ServiceTracker<>(context, context.createFilter("(" + QvitPlugin.ID_PROPERTY + "=*)"), null) {
                @Override
                public Object addingService(ServiceReference<Object> reference) {
                    Object service = context.getService(reference);
                    // A service whose component throws on activation yields null: track the
                    // reference itself so the failure stays visible in list().
                    return service == null ? reference : service;
                }

                @Override
                public void removedService(ServiceReference<Object> reference, Object service) {
                    if (service != reference) {
                        context.ungetService(reference);
                    }
                }
            };
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        this.scr = new ServiceTracker<>(context, ServiceComponentRuntime.class, null);
    }

    /** Starts tracking. */
    public void open() {
        scr.open(true);
        services.open(true);
    }

    /** Stops tracking and releases the services. */
    public void close() {
        services.close();
        scr.close();
    }

    /** A snapshot of every plugin, sorted by kind and id. */
    public List<PluginRecord> list() {
        List<PluginRecord> out = new ArrayList<>();
        java.util.Set<Long> bundlesWithRecords = new java.util.HashSet<>();
        ServiceReference<Object>[] refs = services.getServiceReferences();
        if (refs != null) {
            for (ServiceReference<Object> ref : refs) {
                Bundle b = ref.getBundle();
                if (b == null) {
                    continue;
                }
                bundlesWithRecords.add(b.getBundleId());
                Object svc = services.getService(ref);
                boolean failed = svc == null || svc == ref;
                out.add(new PluginRecord(idOf(ref), kindOf(ref), b.getVersion().toString(), citationOf(ref),
                        failed ? PluginState.FAILED : PluginState.ACTIVE,
                        failed ? componentFailure(b, idOf(ref)).orElse("activation failed") : "",
                        b.getSymbolicName(), b.getLocation()));
            }
        }
        for (Bundle b : context.getBundles()) {
            if (!isPlugin(b) || bundlesWithRecords.contains(b.getBundleId())) {
                continue;
            }
            out.addAll(failedComponents(b));
            if (out.stream().anyMatch(r -> r.location().equals(b.getLocation()))) {
                continue;
            }
            String version = b.getVersion().toString();
            String name = b.getSymbolicName() == null ? b.getLocation() : b.getSymbolicName();
            switch (b.getState()) {
                case Bundle.INSTALLED -> out.add(new PluginRecord(name, "bundle", version, "", PluginState.UNRESOLVED,
                        UnresolvedExplanation.explain(b, context.getBundle(0)), name, b.getLocation()));
                case Bundle.RESOLVED -> out.add(new PluginRecord(name, "bundle", version, "",
                        b.getHeaders().get(Constants.FRAGMENT_HOST) != null ? PluginState.ACTIVE : PluginState.FAILED,
                        startError(b), name, b.getLocation()));
                default -> out.add(new PluginRecord(name, "bundle", version, "", PluginState.INSTALLED,
                        "provides no qvit service", name, b.getLocation()));
            }
        }
        out.sort(Comparator.comparing(PluginRecord::kind).thenComparing(PluginRecord::id)
                .thenComparing(PluginRecord::version));
        return out;
    }

    private boolean isPlugin(Bundle b) {
        String loc = b.getLocation();
        if (b.getBundleId() == 0 || loc == null) {
            return false;
        }
        try {
            Path p = Path.of(new java.net.URI(loc)).toAbsolutePath().normalize();
            return pluginDirs.stream().anyMatch(p::startsWith);
        } catch (Exception e) {
            return false;
        }
    }

    private List<PluginRecord> failedComponents(Bundle b) {
        List<PluginRecord> out = new ArrayList<>();
        ServiceComponentRuntime rt = scr.getService();
        if (rt == null) {
            return out;
        }
        for (ComponentDescriptionDTO d : rt.getComponentDescriptionDTOs(b)) {
            for (ComponentConfigurationDTO c : rt.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION
                        || c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE
                        || c.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION) {
                    Object id = d.properties.get(QvitPlugin.ID_PROPERTY);
                    String error = c.state == ComponentConfigurationDTO.FAILED_ACTIVATION
                            ? (c.failure == null ? "activation failed" : firstLine(c.failure))
                            : "component not satisfied";
                    out.add(new PluginRecord(id == null ? d.name : id.toString(), kindOf(d.serviceInterfaces),
                            b.getVersion().toString(), String.valueOf(d.properties.getOrDefault(QvitPlugin.CITATION_PROPERTY, "")),
                            PluginState.FAILED, error, b.getSymbolicName(), b.getLocation()));
                }
            }
        }
        return out;
    }

    private Optional<String> componentFailure(Bundle b, String id) {
        return failedComponents(b).stream().filter(r -> r.id().equals(id)).map(PluginRecord::error).findFirst();
    }

    private static String startError(Bundle b) {
        try {
            b.start(Bundle.START_TRANSIENT);
            return "";
        } catch (BundleException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return "bundle start failed: " + firstLine(String.valueOf(cause));
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    private static String idOf(ServiceReference<?> ref) {
        return String.valueOf(ref.getProperty(QvitPlugin.ID_PROPERTY));
    }

    private static String citationOf(ServiceReference<?> ref) {
        Object c = ref.getProperty(QvitPlugin.CITATION_PROPERTY);
        return c == null ? "" : c.toString();
    }

    private static String kindOf(ServiceReference<?> ref) {
        return kindOf((String[]) ref.getProperty(Constants.OBJECTCLASS));
    }

    private static String kindOf(String[] objectClasses) {
        if (objectClasses != null) {
            for (String oc : objectClasses) {
                for (Class<?> k : KINDS) {
                    if (k.getName().equals(oc)) {
                        return k.getSimpleName();
                    }
                }
            }
        }
        return "other";
    }

    @Override
    public SortedSet<String> ids(Class<?> kind) {
        SortedSet<String> ids = new TreeSet<>();
        for (PluginRecord r : list()) {
            if (r.state() == PluginState.ACTIVE && r.kind().equals(kind.getSimpleName())) {
                ids.add(r.id());
            }
        }
        return ids;
    }

    @Override
    public <T> Optional<T> find(Class<T> kind, String id) {
        return best(kind, id).map(ref -> kind.cast(services.getService(ref)));
    }

    @Override
    public String version(Class<?> kind, String id) {
        return best(kind, id).map(ref -> ref.getBundle().getVersion().toString()).orElse("unknown");
    }

    /** The highest-version active service of {@code kind} with {@code id}. */
    private Optional<ServiceReference<Object>> best(Class<?> kind, String id) {
        ServiceReference<Object>[] refs = services.getServiceReferences();
        ServiceReference<Object> best = null;
        Version bestVersion = null;
        if (refs != null) {
            for (ServiceReference<Object> ref : refs) {
                Object svc = services.getService(ref);
                if (svc == null || svc == ref || !kind.isInstance(svc) || !id.equals(idOf(ref)) || ref.getBundle() == null) {
                    continue;
                }
                Version v = ref.getBundle().getVersion();
                if (bestVersion == null || v.compareTo(bestVersion) > 0) {
                    best = ref;
                    bestVersion = v;
                }
            }
        }
        return Optional.ofNullable(best);
    }
}
