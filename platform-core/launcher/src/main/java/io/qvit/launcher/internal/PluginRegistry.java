package io.qvit.launcher.internal;

import io.qvit.api.QvitPlugin;
import io.qvit.api.alloc.BitAllocator;
import io.qvit.api.kernel.IntegerKernel;
import io.qvit.api.model.ModelLoader;
import io.qvit.api.quant.MethodPreset;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.reparam.Reparameterization;
import io.qvit.engine.plugins.PluginCatalog;
import io.qvit.engine.plugins.PluginOrigin;
import io.qvit.launcher.internal.bundle.BundleDescriptors;
import io.qvit.launcher.internal.bundle.ImportedCode;
import io.qvit.launcher.internal.bundle.InvalidPluginJarException;
import io.qvit.launcher.internal.bundle.JarCache;
import io.qvit.launcher.internal.bundle.Locations;
import io.qvit.launcher.internal.bundle.ProvidedPlugin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.stream.Collectors;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
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
    /** The fully qualified names of {@link #KINDS}. */
    public static final Set<String> KIND_NAMES = KINDS.stream().map(Class::getName).collect(Collectors.toUnmodifiableSet());

    private final List<Path> pluginDirs;
    private final PluginStarter starter;
    private final JarCache jars = new JarCache(KIND_NAMES);
    private final ServiceTracker<Object, Object> services;
    private final ServiceIndex index = new ServiceIndex();
    private final ServiceTracker<ServiceComponentRuntime, ServiceComponentRuntime> scr;

    /**
     * A registry over the framework of {@code context}; bundles installed from {@code pluginDirs}
     * (shipped and drop-in plugins) are listed even when they provide no service.
     */
    public PluginRegistry(BundleContext context, List<Path> pluginDirs) {
        this(context, pluginDirs, null);
    }

    /**
     * A registry as above that also reports what {@code starter} saw: start failures and
     * activations that missed their deadline.
     */
    public PluginRegistry(BundleContext context, List<Path> pluginDirs, PluginStarter starter) {
        this.context = context;
        this.starter = starter;
        this.pluginDirs = pluginDirs.stream().map(Locations::canonical).toList();
        try {
            this.services = new ServiceTracker<>(context, context.createFilter("(" + QvitPlugin.ID_PROPERTY + "=*)"), null) {
                @Override
                public Object addingService(ServiceReference<Object> reference) {
                    Object service = context.getService(reference);
                    if (service == null) {
                        // A service whose component throws on activation yields null: track the
                        // reference itself so the failure stays visible in list().
                        return reference;
                    }
                    index.add(reference);
                    return service;
                }

                @Override
                public void modifiedService(ServiceReference<Object> reference, Object service) {
                    index.remove(reference);
                    if (service != reference) {
                        index.add(reference);
                    }
                }

                @Override
                public void removedService(ServiceReference<Object> reference, Object service) {
                    index.remove(reference);
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

    /**
     * A snapshot of every plugin, sorted by kind and id: active services, components and bundles
     * that failed (by the plugin ids their descriptors declare, when they declare any), unusable
     * jars in the plugin folders, and ids provided by more than one bundle.
     */
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
                out.add(new PluginRecord(ServiceIndex.idOf(ref), ServiceIndex.kindOf(ref), b.getVersion().toString(), citationOf(ref),
                        failed ? PluginState.FAILED : PluginState.ACTIVE,
                        failed ? componentFailure(b, ServiceIndex.idOf(ref)).orElse("activation failed") : "",
                        b.getSymbolicName(), b.getLocation()));
            }
        }
        Bundle[] bundles = context.getBundles();
        for (Bundle b : bundles) {
            if (!isPlugin(b) || bundlesWithRecords.contains(b.getBundleId())) {
                continue;
            }
            out.addAll(failedComponents(b));
            if (out.stream().anyMatch(r -> r.location().equals(b.getLocation()))) {
                continue;
            }
            Optional<String> startFailure = starter == null ? Optional.empty() : starter.failure(b);
            // An unresolved bundle (INSTALLED) is explained by its missing requirements below.
            if (startFailure.isPresent() && b.getState() != Bundle.ACTIVE && b.getState() != Bundle.INSTALLED) {
                out.addAll(declared(b, PluginState.FAILED, startFailure.get()));
                continue;
            }
            if (b.getState() != Bundle.ACTIVE && jarProblem(b)) {
                continue; // listed as INVALID by PluginFolder.invalid, never started
            }
            switch (b.getState()) {
                case Bundle.INSTALLED -> out.addAll(declared(b, PluginState.UNRESOLVED,
                        UnresolvedExplanation.explain(b, context.getBundle(0))));
                case Bundle.RESOLVED -> {
                    if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                        out.add(bundleRow(b, PluginState.ACTIVE, ""));
                    } else {
                        out.addAll(declared(b, PluginState.FAILED, starter == null ? startError(b) : "not started"));
                    }
                }
                default -> out.add(bundleRow(b, PluginState.INSTALLED, "provides no qvit service"));
            }
        }
        out.addAll(PluginFolder.invalid(pluginDirs, jars, bundles));
        List<PluginRecord> marked = new ArrayList<>(PluginConflicts.mark(out));
        marked.sort(Comparator.comparing(PluginRecord::kind).thenComparing(PluginRecord::id)
                .thenComparing(PluginRecord::version));
        return marked;
    }

    /** One row per plugin the bundle's descriptors declare (or one for the bundle), all in {@code state}. */
    private List<PluginRecord> declared(Bundle b, PluginState state, String error) {
        List<ProvidedPlugin> plugins = BundleDescriptors.of(b, KIND_NAMES);
        if (plugins.isEmpty()) {
            return List.of(bundleRow(b, state, error));
        }
        return plugins.stream().map(p -> new PluginRecord(p.id(), p.kind(), b.getVersion().toString(), p.citation(), state,
                error, nameOf(b), b.getLocation())).toList();
    }

    private static PluginRecord bundleRow(Bundle b, PluginState state, String error) {
        return new PluginRecord(nameOf(b), "bundle", b.getVersion().toString(), "", state, error, nameOf(b), b.getLocation());
    }

    private static String nameOf(Bundle b) {
        return b.getSymbolicName() == null ? b.getLocation() : b.getSymbolicName();
    }

    private boolean isPlugin(Bundle b) {
        String loc = b.getLocation();
        if (b.getBundleId() == 0 || loc == null) {
            return false;
        }
        return Locations.path(loc).map(p -> pluginDirs.stream().anyMatch(p::startsWith)).orElse(false);
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
                    out.add(new PluginRecord(id == null ? d.name : id.toString(), ServiceIndex.kindOf(d.serviceInterfaces),
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

    private boolean jarProblem(Bundle b) {
        return Locations.path(b.getLocation()).map(p -> {
            try {
                jars.read(p);
                return false;
            } catch (InvalidPluginJarException e) {
                return true;
            }
        }).orElse(false);
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

    private static String citationOf(ServiceReference<?> ref) {
        Object c = ref.getProperty(QvitPlugin.CITATION_PROPERTY);
        return c == null ? "" : c.toString();
    }

    @Override
    public SortedSet<String> ids(Class<?> kind) {
        return index.ids(kind.getSimpleName());
    }

    @Override
    public <T> Optional<T> find(Class<T> kind, String id) {
        return best(kind, id).map(ref -> kind.cast(services.getService(ref)));
    }

    @Override
    public String version(Class<?> kind, String id) {
        return best(kind, id).map(ref -> ref.getBundle().getVersion().toString()).orElse("unknown");
    }

    /** The plugin's own code fingerprint combined with that of the bundles it imports from ({@link ImportedCode}). */
    @Override
    public String fingerprint(Class<?> kind, String id) {
        String own = PluginCatalog.super.fingerprint(kind, id);
        return best(kind, id).map(ref -> ImportedCode.fingerprint(own, ref.getBundle())).orElse(own);
    }

    @Override
    public Optional<String> unavailable(Class<?> kind, String id) {
        List<PluginRecord> rows = list().stream()
                .filter(r -> r.id().equals(id) && r.kind().equals(kind.getSimpleName()) && r.state() != PluginState.ACTIVE)
                .toList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        PluginRecord r = rows.get(0);
        if (r.state() == PluginState.CONFLICT) {
            return Optional.of("is provided by " + rows.size() + " bundles: " + rows.stream()
                    .map(x -> x.bundle() + " " + x.version() + " (" + x.location() + ")").collect(Collectors.joining(", "))
                    + "; remove all but one (qvit plugins remove)");
        }
        return Optional.of("is installed but " + r.state() + ": " + r.error() + " (bundle " + r.bundle() + " " + r.version() + ")");
    }

    @Override
    public Optional<PluginOrigin> origin(Class<?> kind, String id) {
        return best(kind, id).map(ref -> {
            Bundle b = ref.getBundle();
            String sha = Locations.path(b.getLocation()).map(p -> {
                try {
                    return jars.read(p).sha256();
                } catch (InvalidPluginJarException e) {
                    return "unknown (" + e.reason() + ")";
                }
            }).orElse("unknown");
            return new PluginOrigin(b.getSymbolicName(), b.getVersion().toString(), sha, b.getLocation());
        });
    }

    private Optional<ServiceReference<Object>> best(Class<?> kind, String id) {
        return index.best(kind.getSimpleName(), id);
    }
}
