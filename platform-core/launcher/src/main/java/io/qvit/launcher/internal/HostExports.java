package io.qvit.launcher.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Computes the packages the system bundle exports to plugins
 * ({@code org.osgi.framework.system.packages.extra}): the qvit API with the versions its bundle
 * manifest declares, the Declarative Services runtime API and OSGi promises (so that the host can
 * talk to SCR with the same classes), every ND4J package on the class path (natives can be
 * loaded by one class loader only, so ND4J lives here and never inside a bundle) with the ONNX
 * protobuf classes of nd4j-api ({@code onnx}) and their shaded protobuf runtime, and ONNX Runtime
 * ({@code ai.onnxruntime.*}, a JNI library too), so that the ONNX plugins stay pure Java; and
 * Jackson (core, databind, annotations, at the versions their own manifests declare), so that
 * plugins read JSON with the platform's parser instead of their own.
 */
public final class HostExports {
    private HostExports() {
    }

    /** The export clause for the current class path. */
    public static String compute() {
        List<String> clauses = new ArrayList<>();
        clauses.add(manifestExports(io.qvit.api.QvitPlugin.class));
        clauses.add(manifestExports(org.osgi.service.component.runtime.ServiceComponentRuntime.class));
        clauses.add(manifestExports(org.osgi.util.promise.Promise.class));
        clauses.add(manifestExports(org.osgi.util.function.Function.class));
        clauses.add(manifestExports(com.fasterxml.jackson.core.JsonFactory.class));
        clauses.add(manifestExports(com.fasterxml.jackson.databind.ObjectMapper.class));
        clauses.add(manifestExports(com.fasterxml.jackson.annotation.JsonProperty.class));
        String nd4j = nd4jExports();
        if (!nd4j.isEmpty()) {
            clauses.add(nd4j);
        }
        return String.join(",", clauses);
    }

    /** The API packages and versions the platform exports, as the API bundle manifest declares them. */
    public static String apiExports() {
        return manifestExports(io.qvit.api.QvitPlugin.class);
    }

    /** The Export-Package header of the jar or class folder that holds {@code marker}. */
    static String manifestExports(Class<?> marker) {
        Path root = codeRoot(marker);
        try {
            Manifest mf;
            if (Files.isDirectory(root)) {
                try (InputStream in = Files.newInputStream(root.resolve("META-INF/MANIFEST.MF"))) {
                    mf = new Manifest(in);
                }
            } else {
                try (JarFile jar = new JarFile(root.toFile())) {
                    mf = jar.getManifest();
                }
            }
            String exports = mf == null ? null : mf.getMainAttributes().getValue("Export-Package");
            if (exports == null) {
                throw new IllegalStateException(root + " has no Export-Package header (was it built by bnd?)");
            }
            return exports;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the manifest of " + root + ": " + e.getMessage(), e);
        }
    }

    private static Path codeRoot(Class<?> c) {
        CodeSource cs = c.getProtectionDomain().getCodeSource();
        try {
            URL url = cs.getLocation();
            return Path.of(url.toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot locate the code of " + c.getName(), e);
        }
    }

    /**
     * All packages of the nd4j-* jars on the class path, the {@code onnx} protobuf classes of
     * nd4j-api, ND4J's shaded protobuf runtime ({@code protobuf-*.jar}) and ONNX Runtime
     * ({@code onnxruntime-*.jar}), exported at version 1.0.0.
     */
    static String nd4jExports() {
        TreeSet<String> packages = new TreeSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName() == null ? "" : Path.of(entry).getFileName().toString();
            boolean nd4j = name.startsWith("nd4j-") || name.startsWith("protobuf-");
            boolean ort = name.startsWith("onnxruntime-");
            if (!(nd4j || ort) || !name.endsWith(".jar")) {
                continue;
            }
            try (JarFile jar = new JarFile(entry)) {
                Enumeration<JarEntry> e = jar.entries();
                while (e.hasMoreElements()) {
                    String n = e.nextElement().getName();
                    boolean wanted = nd4j ? n.startsWith("org/nd4j/") || n.startsWith("onnx/")
                            : n.startsWith("ai/onnxruntime/");
                    if (n.endsWith(".class") && wanted && n.lastIndexOf('/') > 0) {
                        packages.add(n.substring(0, n.lastIndexOf('/')).replace('/', '.'));
                    }
                }
            } catch (IOException ex) {
                throw new IllegalStateException("cannot read " + entry + ": " + ex.getMessage(), ex);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String p : packages) {
            sb.append(sb.length() == 0 ? "" : ",").append(p).append(";version=\"1.0.0\"");
        }
        return sb.toString();
    }

}
