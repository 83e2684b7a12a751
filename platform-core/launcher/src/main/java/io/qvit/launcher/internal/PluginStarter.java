package io.qvit.launcher.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Starts drop-in plugin bundles off the caller's thread, each on its own daemon thread, with a
 * deadline: a plugin whose activator loops or sleeps is shown {@link PluginState#FAILED}
 * ("activation did not finish in N s") while the platform and the other plugins go on. A bundle
 * whose jar must not be started (an {@link PluginState#INVALID} jar, e.g. one that calls
 * {@code System.exit}) is not started at all. FileInstall only installs (its
 * {@code bundles.new.start} is off); this listener starts what it installs or updates.
 *
 * <p>The deadline is the system property {@value #TIMEOUT_PROPERTY} (seconds, default 10).
 */
public final class PluginStarter implements SynchronousBundleListener {
    /** The activation deadline in seconds. */
    public static final String TIMEOUT_PROPERTY = "qvit.plugin.activation.timeout";
    /** The default activation deadline. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** The start of one bundle. */
    private static final class Start {
        final long begun = System.nanoTime();
        volatile boolean done;
        volatile String error;
    }

    private final Duration timeout;
    private final Predicate<Bundle> managed;
    private final Function<Bundle, Optional<String>> notStartable;
    private final Map<Long, Start> starts = new ConcurrentHashMap<>();
    /** Bundles installed while the platform starts, started together by {@link #release}. */
    private List<Bundle> held = new ArrayList<>();

    /**
     * A starter for the bundles {@code managed} accepts.
     *
     * @param notStartable why a bundle must not be started (its jar is invalid), or empty
     */
    public PluginStarter(Duration timeout, Predicate<Bundle> managed, Function<Bundle, Optional<String>> notStartable) {
        this.timeout = timeout;
        this.managed = managed;
        this.notStartable = notStartable;
    }

    /** The deadline of {@value #TIMEOUT_PROPERTY}, or the default; a bad value is an error naming the property. */
    public static Duration configuredTimeout() {
        String v = System.getProperty(TIMEOUT_PROPERTY);
        if (v == null || v.isBlank()) {
            return DEFAULT_TIMEOUT;
        }
        try {
            double s = Double.parseDouble(v.trim());
            if (s > 0 && s <= 86_400) {
                return Duration.ofMillis(Math.round(s * 1000));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException(TIMEOUT_PROPERTY + "=" + v + " is not a number of seconds in (0, 86400]");
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle b = event.getBundle();
        if ((event.getType() == BundleEvent.INSTALLED || event.getType() == BundleEvent.UPDATED) && managed.test(b)
                && b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
            synchronized (this) {
                if (held != null) {
                    held.add(b);
                    return;
                }
            }
            start(b);
        }
    }

    /**
     * Starts the bundles installed so far (FileInstall's first scan), after resolving them all on
     * this thread: a hanging activator holds its bundle's lock, and Felix resolves only when no
     * bundle lock is held, so nothing may be left to resolve once activators run. Bundles installed
     * later are started as they come.
     */
    public void release(FrameworkWiring wiring) {
        List<Bundle> now;
        synchronized (this) {
            now = held;
            held = null;
        }
        if (now == null || now.isEmpty()) {
            return;
        }
        List<Bundle> startable = now.stream().filter(b -> b.getState() != Bundle.UNINSTALLED && notStartable.apply(b).isEmpty())
                .toList();
        wiring.resolveBundles(startable);
        now.forEach(this::start);
    }

    /** Starts {@code b} on a new daemon thread unless its jar must not be started. */
    void start(Bundle b) {
        Start s = new Start();
        starts.put(b.getBundleId(), s);
        Optional<String> why = notStartable.apply(b);
        if (why.isPresent()) {
            s.done = true; // not started: the plugin folder lists the jar as INVALID with the reason
            return;
        }
        Thread t = new Thread(() -> {
            try {
                b.start();
            } catch (BundleException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                s.error = "bundle start failed: " + firstLine(String.valueOf(cause));
            } catch (IllegalStateException e) {
                // uninstalled meanwhile
            } catch (RuntimeException | LinkageError e) {
                s.error = "bundle start failed: " + firstLine(String.valueOf(e));
            } finally {
                s.done = true;
            }
        }, "qvit-plugin-start-" + b.getBundleId());
        t.setDaemon(true);
        t.start();
    }

    /** Records that a bundle started elsewhere (a shipped plugin) failed with {@code e}. */
    void failed(Bundle b, BundleException e) {
        Start s = new Start();
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        s.error = "bundle start failed: " + firstLine(String.valueOf(cause));
        s.done = true;
        starts.put(b.getBundleId(), s);
    }

    /** Why {@code b} is not running: its start failed, or did not finish within the deadline; empty otherwise. */
    public Optional<String> failure(Bundle b) {
        Start s = starts.get(b.getBundleId());
        if (s == null) {
            return Optional.empty();
        }
        if (s.error != null) {
            return Optional.of(s.error);
        }
        if (!s.done && overdue(s)) {
            return Optional.of("activation did not finish in " + seconds() + " s (" + TIMEOUT_PROPERTY + ")");
        }
        return Optional.empty();
    }

    /** True while some start has neither finished nor passed its deadline. */
    public boolean pending() {
        return starts.values().stream().anyMatch(s -> !s.done && !overdue(s));
    }

    /** True if some start passed its deadline and is still running. */
    boolean stuck() {
        return starts.values().stream().anyMatch(s -> !s.done && overdue(s));
    }

    private boolean overdue(Start s) {
        return System.nanoTime() - s.begun > timeout.toNanos();
    }

    private String seconds() {
        long ms = timeout.toMillis();
        return ms % 1000 == 0 ? Long.toString(ms / 1000) : Double.toString(ms / 1000.0);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
