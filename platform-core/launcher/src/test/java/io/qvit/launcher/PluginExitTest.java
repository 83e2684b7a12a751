package io.qvit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.qvit.launcher.internal.PluginGate;
import io.qvit.launcher.internal.bundle.ExitCalls;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.hooks.weaving.WeavingException;
import org.osgi.framework.hooks.weaving.WovenClass;
import org.osgi.framework.wiring.BundleWiring;

/**
 * Issue #21: a plugin whose activator called {@code System.exit(0)} or {@code halt(0)} made every
 * command exit 0 at once, so a run "succeeded" without running. Such a jar is INVALID (its class
 * files are scanned) and never started; a weaving hook refuses such classes; and an exit that
 * slips past both (reflection) ends the process with code 4, never 0: a run never exits 0 without
 * {@code results.json}.
 */
class PluginExitTest {
    @TempDir
    Path home;

    private static byte[] classBytes(Class<?> c) throws Exception {
        return Files.readAllBytes(Path.of("target/test-classes", c.getName().replace('.', '/') + ".class"));
    }

    @Test
    void theHelpDocumentsExitCodeFour() {
        CliRun r = CliRun.run(home, "--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("4 a plugin ended the JVM before the command finished"), r.out());
    }

    @Test
    void theScanFindsExitAndHaltCallsAndNothingInOrdinaryClasses() throws Exception {
        assertEquals(Optional.of("java/lang/System.exit"),
                ExitCalls.find(classBytes(io.qvit.launcher.testplugins.exiting.ExitingActivator.class)));
        assertEquals(Optional.of("java/lang/Runtime.halt"),
                ExitCalls.find(classBytes(io.qvit.launcher.testplugins.halting.HaltingActivator.class)));
        assertEquals(Optional.empty(), ExitCalls.find(classBytes(io.qvit.launcher.testplugins.good.EchoQuantizer.class)));
        assertEquals(Optional.empty(), ExitCalls.find("not a class".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void pluginsThatCallExitOrHaltAreInvalidAndNeverStarted() throws Exception {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        TestBundles.build("test.exiting", "1.0.0", "io.qvit.launcher.testplugins.exiting", null,
                "io.qvit.launcher.testplugins.exiting.ExitingActivator", plugins.resolve("exiting.jar"));
        TestBundles.build("test.halting", "1.0.0", "io.qvit.launcher.testplugins.halting", null,
                "io.qvit.launcher.testplugins.halting.HaltingActivator", plugins.resolve("halting.jar"));
        TestBundles.build("test.echo", "1.0.0", "io.qvit.launcher.testplugins.good", null, plugins.resolve("echo.jar"));
        CliRun r = CliRun.run(home, "plugins");
        assertEquals(0, r.code(), r.err());
        String exiting = r.out().lines().filter(l -> l.contains("exiting.jar")).findFirst().orElseThrow(() -> new AssertionError(r.out()));
        assertTrue(exiting.contains("INVALID") && exiting.contains("calls java/lang/System.exit"), exiting);
        String halting = r.out().lines().filter(l -> l.contains("halting.jar")).findFirst().orElseThrow(() -> new AssertionError(r.out()));
        assertTrue(halting.contains("INVALID") && halting.contains("calls java/lang/Runtime.halt"), halting);
        assertTrue(r.out().lines().anyMatch(l -> l.contains("test-echo") && l.contains("ACTIVE")), r.out());
    }

    @Test
    void theWeavingHookRefusesAPluginClassThatCallsExit() throws Exception {
        Bundle bundle = mock(Bundle.class);
        when(bundle.getSymbolicName()).thenReturn("test.exiting");
        BundleWiring wiring = mock(BundleWiring.class);
        when(wiring.getBundle()).thenReturn(bundle);
        WovenClass woven = mock(WovenClass.class);
        when(woven.getBundleWiring()).thenReturn(wiring);
        when(woven.getClassName()).thenReturn("io.qvit.launcher.testplugins.exiting.ExitingActivator");
        when(woven.getBytes()).thenReturn(classBytes(io.qvit.launcher.testplugins.exiting.ExitingActivator.class));
        WeavingException e = assertThrows(WeavingException.class, () -> new PluginGate(b -> true).weave(woven));
        assertTrue(e.getMessage().contains("calls java/lang/System.exit"), e.getMessage());
        new PluginGate(b -> false).weave(woven); // not a plugin bundle: untouched
        when(woven.getBytes()).thenReturn(classBytes(io.qvit.launcher.testplugins.good.EchoQuantizer.class));
        new PluginGate(b -> true).weave(woven);
    }

    /** Starts {@code qvit run e.yaml --out run} in a new JVM over {@code home} (core bundles from target/bundles). */
    private Process qvitRun(String... jvmOptions) throws Exception {
        Files.createDirectories(home.resolve("bundles/plugins"));
        Files.createSymbolicLink(home.resolve("bundles/core"), Path.of("target/bundles").toAbsolutePath());
        Path exp = Files.writeString(home.resolve("e.yaml"), "name: e\nmodel: {weights: w.safetensors}\n"
                + "data:\n  evaluation:\n    - {name: a, images: a}\n");
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dqvit.home=" + home, "-Dqvit.cache=" + home.resolve("cache")));
        cmd.addAll(java.util.List.of(jvmOptions));
        cmd.addAll(java.util.List.of("io.qvit.launcher.Main", "run", exp.toString(), "--out", home.resolve("run").toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(home.resolve("console.txt").toFile()).start();
    }

    @Test
    void aSignalKeepsItsExitCodeAndIsNotBlamedOnAPlugin() throws Exception {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        TestBundles.build("test.hanging", "1.0.0", "io.qvit.launcher.testplugins.hanging", null,
                "io.qvit.launcher.testplugins.hanging.HangingActivator", plugins.resolve("hanging.jar"));
        Process p = qvitRun("-Dqvit.plugin.activation.timeout=60");
        Thread.sleep(4000); // the command is running: the platform waits for the hanging plugin (deadline 60 s)
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "qvit ended on SIGTERM");
        String console = Files.readString(home.resolve("console.txt"));
        assertEquals(143, p.exitValue(), console);
        assertTrue(!console.contains("a plugin ended the JVM"), console);
    }

    @Test
    void aRunWhosePluginEndsTheJvmByReflectionExitsFourWithoutResults() throws Exception {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        TestBundles.build("test.reflectexit", "1.0.0", "io.qvit.launcher.testplugins.reflectexit", null,
                "io.qvit.launcher.testplugins.reflectexit.ReflectiveExitActivator", plugins.resolve("reflectexit.jar"));
        Path out = home.resolve("run");
        Process p = qvitRun();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "qvit run finished");
        String console = Files.readString(home.resolve("console.txt"));
        assertEquals(4, p.exitValue(), console);
        assertTrue(console.contains("qvit: a plugin ended the JVM (System.exit) before the command finished"), console);
        assertTrue(Files.notExists(out.resolve("results.json")), "no results");
        assertTrue(new File(home.toFile(), "console.txt").length() < 100_000);
    }
}
