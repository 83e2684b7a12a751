package io.qvit.engine.run;

import io.qvit.api.kernel.IntegerKernel;
import io.qvit.api.tensor.Tensor;
import io.qvit.engine.experiment.ExperimentException;
import io.qvit.engine.experiment.ExperimentFile;
import io.qvit.engine.experiment.ExperimentSpec;
import io.qvit.engine.plugins.PluginCatalog;
import io.qvit.engine.quant.QuantizedModel;
import io.qvit.runtime.IntegerModel;
import io.qvit.runtime.IntegerSimulation;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The integer-only form of a calibrated model, when the experiment names an
 * {@code quantization.integer_kernel}: the converted model, its float simulation (the reference the
 * integer model's agreement is measured against), and the {@code integer} section of the results.
 *
 * @param model the integer-only model
 * @param simulation the simulated integer forward pass
 * @param summary kernel id and version, weight bytes, MACs per image, the simulation's accumulator bound
 */
record IntegerConversion(IntegerModel model, UnaryOperator<Tensor> simulation, Map<String, Object> summary) {

    /** The conversion {@code file} asks for, or {@code null} when it names no integer kernel. */
    static IntegerConversion of(PluginCatalog plugins, ExperimentFile file, QuantizedModel quantized, Timings timings,
                                Map<String, String> pluginVersions) throws ExperimentException {
        ExperimentSpec.QuantizationSpec spec = file.spec().quantization();
        String kernelId = spec == null ? null : spec.integerKernel();
        if (kernelId == null) {
            return null;
        }
        IntegerKernel found = plugins.find(IntegerKernel.class, kernelId).orElseThrow(() -> file.error(
                "quantization.integer_kernel", "integer kernel plugin '" + kernelId + "' is not available"));
        IntegerKernel kernel;
        try {
            kernel = found.withOptions(spec.kernelOptions());
        } catch (IllegalArgumentException e) {
            throw file.error("quantization.integer_kernel_options", e.getMessage());
        }
        String version = plugins.version(IntegerKernel.class, kernelId);
        pluginVersions.put("IntegerKernel:" + kernelId, version);
        IntegerModel integer;
        try {
            integer = timings.time("integer_conversion", () -> IntegerModel.convert(quantized.model(), quantized.params(), kernel));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw file.error("quantization.integer_kernel", e.getMessage());
        }
        try {
            IntegerSimulation simulation = new IntegerSimulation(quantized.model(), quantized.params(), kernel);
            return new IntegerConversion(integer, simulation::forward, Map.of("kernel", kernelId + " " + version,
                    "weight_bytes", integer.weightBytes(), "macs_per_image", integer.macsPerImage(),
                    "simulation_accumulator_bound", simulation.accumulatorBound()));
        } catch (IllegalArgumentException e) {
            throw file.error("quantization.integer_kernel", e.getMessage());
        }
    }
}
