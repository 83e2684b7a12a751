package io.qvit.plugins.onnxruntime.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.qvit.api.deploy.DeploymentException;
import io.qvit.api.deploy.InferenceSession;
import io.qvit.api.tensor.Tensor;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/** One ONNX Runtime session: {@code images [B, C, H, W]} in, the graph's first output (logits) out. */
public final class OrtInferenceSession implements InferenceSession {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final OrtSession.SessionOptions options;
    private final String description;
    private final Path artifact;
    private final String input;

    /** Wraps an open session; closes it and its options on {@link #close()}. */
    public OrtInferenceSession(OrtEnvironment env, OrtSession session, OrtSession.SessionOptions options,
                               String description, Path artifact) {
        this.env = env;
        this.session = session;
        this.options = options;
        this.description = description;
        this.artifact = artifact;
        this.input = session.getInputNames().iterator().next();
    }

    @Override
    public synchronized Tensor run(Tensor images) {
        int[] shape = images.shape();
        long[] dims = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            dims[i] = shape[i];
        }
        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(images.data()), dims);
             OrtSession.Result result = session.run(Map.of(input, in))) {
            OnnxTensor out = (OnnxTensor) result.get(0);
            long[] outShape = out.getInfo().getShape();
            FloatBuffer fb = out.getFloatBuffer();
            float[] logits = new float[fb.remaining()];
            fb.get(logits);
            int[] s = new int[outShape.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = (int) outShape[i];
            }
            return Tensor.of(logits, s);
        } catch (OrtException e) {
            throw new DeploymentException(artifact + ": ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public synchronized void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new DeploymentException(artifact + ": closing the ONNX Runtime session failed: " + e.getMessage(), e);
        } finally {
            options.close();
        }
    }
}
