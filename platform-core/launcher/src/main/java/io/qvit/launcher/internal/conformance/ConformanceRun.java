package io.qvit.launcher.internal.conformance;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.qvit.api.quant.Quantizer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the quantizer conformance kit ({@link InstalledQuantizerConformance}) on one quantizer
 * through the JUnit Platform launcher and sums it up.
 *
 * @param passed checks (dynamic tests) that passed
 * @param failedChecks names of the kit's checks with at least one failure, sorted
 * @param firstFailures the first few failure messages, one line each
 */
public record ConformanceRun(int passed, List<String> failedChecks, List<String> firstFailures) {

    /** Runs the kit on {@code quantizer}; one run at a time. */
    public static synchronized ConformanceRun of(Quantizer quantizer) {
        InstalledQuantizerConformance.subject(quantizer);
        AtomicInteger passed = new AtomicInteger();
        TreeSet<String> failed = new TreeSet<>();
        List<String> messages = new ArrayList<>();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(InstalledQuantizerConformance.class))
                .build(), new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (!id.isTest()) {
                            if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                                failed.add(id.getDisplayName());
                                result.getThrowable().ifPresent(t -> messages.add(id.getDisplayName() + ": " + firstLine(t)));
                            }
                            return;
                        }
                        if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                            passed.incrementAndGet();
                        } else if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                            String uid = id.getUniqueId();
                            int at = uid.indexOf("[test-factory:");
                            String check = at < 0 ? id.getDisplayName() : uid.substring(at + 14, uid.indexOf("()", at));
                            failed.add(check);
                            if (messages.size() < 5) {
                                result.getThrowable().ifPresent(t -> messages.add(check + " " + id.getDisplayName() + ": " + firstLine(t)));
                            }
                        }
                    }
                });
        InstalledQuantizerConformance.subject(null);
        return new ConformanceRun(passed.get(), List.copyOf(failed), List.copyOf(messages));
    }

    private static String firstLine(Throwable t) {
        String s = String.valueOf(t.getMessage() == null ? t : t.getMessage());
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** True when every check passed and at least one ran. */
    public boolean ok() {
        return failedChecks.isEmpty() && passed > 0;
    }
}
