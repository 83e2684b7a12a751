package io.qvit.plugins.onnxruntime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.qvit.api.QvitPlugin;
import io.qvit.api.deploy.BackendOptions;
import io.qvit.api.deploy.DeploymentException;
import io.qvit.api.deploy.InferenceBackend;
import io.qvit.api.deploy.InferenceSession;
import io.qvit.plugins.onnxruntime.internal.OrtInferenceSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code onnxruntime} backend: ONNX Runtime's CPU execution provider with all graph
 * optimizations (QDQ fusion into integer kernels) and {@code threads} intra-op threads.
 * Options: {@code optimization} ({@code all} (default), {@code extended}, {@code basic}, {@code none}),
 * {@code allow_spinning} (false by default, so that idle workers do not steal cycles from other
 * work timed in alternation), {@code optimized_model} (a path to save the optimized graph to).
 */
@Component(service = InferenceBackend.class)
@QvitPlugin(id = "onnxruntime", citation = "ONNX Runtime, Microsoft, onnxruntime.ai")
public final class OnnxRuntimeBackend implements InferenceBackend {

    @Override
    public Set<String> formats() {
        return Set.of("onnx");
    }

    @Override
    public InferenceSession open(Path artifact, BackendOptions options) throws IOException {
        if (!Files.isRegularFile(artifact)) {
            throw new IOException(artifact + ": no such file");
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        String level = String.valueOf(options.options().getOrDefault("optimization", "all")).toLowerCase(Locale.ROOT);
        try {
            OrtSession.SessionOptions so = new OrtSession.SessionOptions();
            so.setIntraOpNumThreads(options.threads());
            so.setInterOpNumThreads(1);
            so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            so.setOptimizationLevel(switch (level) {
                case "all" -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
                case "extended" -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
                case "basic" -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
                case "none" -> OrtSession.SessionOptions.OptLevel.NO_OPT;
                default -> throw new DeploymentException("onnxruntime: option optimization: '" + level
                        + "' is not one of all, extended, basic, none");
            });
            boolean spin = Boolean.parseBoolean(String.valueOf(options.options().getOrDefault("allow_spinning", "false")));
            so.addConfigEntry("session.intra_op.allow_spinning", spin ? "1" : "0");
            Object optimized = options.options().get("optimized_model");
            if (optimized != null) {
                so.setOptimizedModelFilePath(optimized.toString());
            }
            OrtSession session = env.createSession(artifact.toString(), so);
            String description = String.format(Locale.ROOT, "onnxruntime %s, CPU, %d thread(s), optimization %s",
                    env.getVersion(), options.threads(), level);
            return new OrtInferenceSession(env, session, so, description, artifact);
        } catch (OrtException e) {
            throw new DeploymentException(artifact + ": ONNX Runtime refused the model: " + e.getMessage(), e);
        }
    }
}
