package io.qvit.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qvit.api.tensor.Tensor;
import io.qvit.data.ImageDataset;
import io.qvit.data.ImageTransform;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The evaluations of one run that survive an interruption (quantized, simulated integer, integer):
 * each stage is reloaded from the run's {@link StageState} when an earlier attempt of the same
 * resolved experiment finished it, else evaluated and saved. Its time (0 when reloaded) goes to
 * the timings, its speed to the throughput, and the stage's name to the {@code afterStage} hook.
 */
final class ResumableEvaluations {
    private final StageState state;
    private final Evaluator evaluator;
    private final ObjectMapper json;
    private final ImageTransform transform;
    private final Timings timings;
    private final Map<String, Object> throughput;
    private final PrintWriter progress;
    private final Consumer<String> afterStage;

    ResumableEvaluations(StageState state, Evaluator evaluator, ObjectMapper json, ImageTransform transform,
                         Timings timings, Map<String, Object> throughput, PrintWriter progress,
                         Consumer<String> afterStage) {
        this.state = state;
        this.evaluator = evaluator;
        this.json = json;
        this.transform = transform;
        this.timings = timings;
        this.throughput = throughput;
        this.progress = progress;
        this.afterStage = afterStage;
    }

    /**
     * The evaluation of {@code forward} on set {@code name} as stage {@code <kind>_eval.<name>}.
     *
     * @param kind {@code quantized}, {@code simulated_integer} or {@code integer}
     * @param withThroughput whether its images per second are reported
     */
    JsonNode evaluate(String kind, String name, ImageDataset dataset, UnaryOperator<Tensor> forward,
                      boolean withThroughput) throws IOException {
        String stage = kind + "_eval." + name;
        JsonNode result = state.load(stage);
        if (result == null) {
            result = evaluator.evaluate(json, name + " " + kind.replace('_', ' '), dataset, transform, forward);
            state.save(stage, result);
            timings.put(stage, result.path("seconds").asDouble());
            if (withThroughput) {
                throughput.put(kind + "_eval_images_per_second." + name, perSecond(result, "seconds"));
                throughput.put(kind + "_forward_images_per_second." + name, perSecond(result, "forward_seconds"));
            }
        } else {
            progress.println("qvit: " + kind.replace('_', ' ') + " " + name + " from the interrupted run's state");
            timings.put(stage, 0.0);
        }
        afterStage.accept(stage);
        return result;
    }

    /** Images per second of an evaluation by one of its time fields, 0 when the time is 0. */
    static double perSecond(JsonNode eval, String secondsKey) {
        double s = eval.path(secondsKey).asDouble();
        return s > 0 ? eval.path("images").asDouble() / s : 0;
    }
}
