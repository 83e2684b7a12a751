package io.qvit.engine.experiment;

import io.qvit.api.quant.SiteRule;
import java.util.List;
import java.util.Map;

/**
 * The typed form of an experiment file after environment interpolation and schema validation.
 * Field names mirror the YAML keys (snake_case in the file). Optional values are {@code null}.
 * The {@code deploy} key ({@code {backend, format, options}}) is read from the file's tree by the
 * run engine's deploy stage, so this record ignores it.
 *
 * @param name experiment name, also the run folder name
 * @param description free text
 * @param seed seed for every random choice of the run
 * @param model the checkpoint to load
 * @param data calibration and evaluation images
 * @param quantization how to quantize; {@code null} for a float32-only experiment
 * @param runtime threads and batch size
 * @param variants named quantization settings run one after the other on the same model and data
 *     (each replaces {@code quantization}; empty for a single experiment)
 * @param repeat run the quantized part once per seed and report mean ± standard deviation; null for once
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties({"deploy"})
public record ExperimentSpec(String name, String description, long seed, ModelSpec model, DataSpec data,
                             QuantizationSpec quantization, RuntimeSpec runtime, List<VariantSpec> variants,
                             RepeatSpec repeat) {
    /** Normalises missing variants to empty. */
    public ExperimentSpec {
        variants = variants == null ? List.of() : List.copyOf(variants);
    }

    /**
     * Repeats of an experiment.
     *
     * @param seeds the seeds, one run each (in the run folder of the experiment with that {@code seed})
     */
    public record RepeatSpec(List<Long> seeds) {
        /** Copies the list. */
        public RepeatSpec {
            seeds = List.copyOf(seeds);
        }
    }

    /** This experiment with {@code seed} instead of its own and without {@code repeat}. */
    public ExperimentSpec withSeed(long newSeed) {
        return new ExperimentSpec(name, description, newSeed, model, data, quantization, runtime, variants, null);
    }

    /**
     * One variant of a multi-variant experiment.
     *
     * @param name variant name (the run folder is {@code <experiment>.<variant>})
     * @param quantization its quantization, {@code null} for float32 only
     */
    public record VariantSpec(String name, QuantizationSpec quantization) {
    }

    /**
     * The checkpoint.
     *
     * @param arch timm architecture name, or null to take it from the checkpoint
     * @param weights checkpoint path
     * @param loader ModelLoader plugin id, or null to choose by file extension
     */
    public record ModelSpec(String arch, String weights, String loader) {
    }

    /**
     * The images.
     *
     * @param calibration images the quantizers are calibrated on
     * @param evaluation the sets top-1/top-5 are reported for
     */
    public record DataSpec(ImageSetSpec calibration, List<ImageSetSpec> evaluation) {
        /** Normalises a missing evaluation list to empty. */
        public DataSpec {
            evaluation = evaluation == null ? List.of() : List.copyOf(evaluation);
        }
    }

    /**
     * A set of labelled images.
     *
     * @param name name in reports (evaluation sets)
     * @param images folder of image files, or of MNIST-style IDX files when {@code split} is set
     * @param labels labels file, {@code <file> <class index>} per line
     * @param list file naming the images to use, one per line
     * @param exclude file naming images to leave out, one per line (e.g. the calibration list)
     * @param limit use only the first N images (after exclusion)
     * @param sample use N images drawn with the experiment's seed (after exclusion and limit), in dataset order
     * @param split {@code train} or {@code test}: read the IDX files of that split from the {@code images}
     *     folder ({@code train-images-idx3-ubyte[.gz]}, ...; Fashion-MNIST, MNIST) instead of image files
     */
    public record ImageSetSpec(String name, String images, String labels, String list, String exclude, Integer limit,
                               String split, Integer sample) {
    }

    /**
     * Quantization settings; everything overrides the method preset.
     *
     * @param method preset id
     * @param weights defaults for every weight site
     * @param activations defaults for every activation site
     * @param reparameterizations Reparameterization plugin ids, in order
     * @param sites rules by site pattern ({@code default}, {@code *.weight}, {@code attn.probs},
     *     {@code blocks.11.fc2.input}), in file order
     * @param bitAllocator optional bit allocation
     * @param integerKernel IntegerKernel plugin id: also convert the calibrated model to integer-only
     *     inference and evaluate it (float32, fake-quant and integer side by side); null for none
     * @param integerKernelOptions the integer kernel's plugin-specific options; null for none
     * @param scope {@code standard} (null: the common protocol) or {@code full} (every site of the
     *     vocabulary enabled, {@link io.qvit.engine.recipe.QuantizationScope})
     */
    public record QuantizationSpec(String method, SiteRule weights, SiteRule activations,
                                   List<String> reparameterizations, Map<String, SiteRule> sites,
                                   BitAllocatorSpec bitAllocator, String integerKernel,
                                   Map<String, Object> integerKernelOptions, String scope) {

        /** The integer kernel options, empty when absent. */
        public Map<String, Object> kernelOptions() {
            return integerKernelOptions == null ? Map.of() : integerKernelOptions;
        }
    }

    /**
     * Bit allocation.
     *
     * @param id BitAllocator plugin id
     * @param budget the constraint
     * @param options the allocator's plugin-specific options; null for none
     * @param keep site patterns whose bit-widths stay as the rules set them (not allocated); null for none
     * @param probeImages calibration images the sensitivity probe evaluates (default 8)
     */
    public record BitAllocatorSpec(String id, BudgetSpec budget, Map<String, Object> options, List<String> keep,
                                   Integer probeImages) {

        /** The options, empty when absent. */
        public Map<String, Object> allocatorOptions() {
            return options == null ? Map.of() : options;
        }

        /** The kept patterns, empty when absent. */
        public List<String> keptPatterns() {
            return keep == null ? List.of() : keep;
        }
    }

    /**
     * A bit budget.
     *
     * @param averageBits mean bits over sites
     * @param maxModelBytes weight size limit
     * @param candidateBits allowed bit-widths
     */
    public record BudgetSpec(Double averageBits, Long maxModelBytes, List<Integer> candidateBits) {
    }

    /**
     * Execution settings.
     *
     * @param threads compute threads (default: all cores)
     * @param batchSize images per forward pass
     */
    public record RuntimeSpec(Integer threads, Integer batchSize) {
    }
}
