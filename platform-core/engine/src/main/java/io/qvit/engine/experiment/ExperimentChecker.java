package io.qvit.engine.experiment;

import io.qvit.api.alloc.BitAllocator;
import io.qvit.api.model.ModelLoader;
import io.qvit.api.quant.MethodPreset;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.SiteRule;
import io.qvit.api.reparam.Reparameterization;
import io.qvit.engine.experiment.ExperimentSpec.ImageSetSpec;
import io.qvit.engine.experiment.ExperimentSpec.QuantizationSpec;
import io.qvit.engine.plugins.PluginCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * The checks that need more than the file itself: that every plugin id names an installed plugin
 * of the right kind, that every referenced file or folder exists, and that every quantizer accepts
 * the options the file gives it ({@link OptionsCheck}); none loads the model.
 */
public final class ExperimentChecker {
    private final PluginCatalog plugins;

    /** A checker against {@code plugins}. */
    public ExperimentChecker(PluginCatalog plugins) {
        this.plugins = plugins;
    }

    /** Every problem found, in file order; empty when the experiment can run. */
    public List<ExperimentException> check(ExperimentFile file) {
        List<ExperimentException> out = new ArrayList<>();
        ExperimentSpec spec = file.spec();
        requireFile(file, out, "model.weights", spec.model().weights(), false);
        if (spec.model().loader() != null) {
            requirePlugin(file, out, "model.loader", ModelLoader.class, "model loader", spec.model().loader());
        }
        if (spec.data() != null) {
            if (spec.data().calibration() != null) {
                checkImages(file, out, "data.calibration", spec.data().calibration());
            }
            for (int i = 0; i < spec.data().evaluation().size(); i++) {
                checkImages(file, out, "data.evaluation[" + i + "]", spec.data().evaluation().get(i));
            }
        }
        if (spec.quantization() != null) {
            checkQuantization(file, out, spec.quantization());
        }
        for (int i = 0; i < spec.variants().size(); i++) {
            ExperimentFile v = file.variant(i);
            if (v.spec().quantization() != null) {
                checkQuantization(v, out, v.spec().quantization());
            }
        }
        out.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line()) : Integer.compare(a.column(), b.column()));
        return out;
    }

    private void checkQuantization(ExperimentFile file, List<ExperimentException> out, QuantizationSpec q) {
        {
            if (q.method() != null) {
                requirePlugin(file, out, "quantization.method", MethodPreset.class, "method", q.method());
            }
            checkRule(file, out, "quantization.weights", q.weights());
            checkRule(file, out, "quantization.activations", q.activations());
            if (q.sites() != null) {
                for (Map.Entry<String, SiteRule> e : q.sites().entrySet()) {
                    checkRule(file, out, "quantization.sites." + e.getKey(), e.getValue());
                }
            }
            if (q.reparameterizations() != null) {
                for (int i = 0; i < q.reparameterizations().size(); i++) {
                    requirePlugin(file, out, "quantization.reparameterizations[" + i + "]", Reparameterization.class,
                            "reparameterization", q.reparameterizations().get(i));
                }
            }
            if (q.integerKernel() != null) {
                requirePlugin(file, out, "quantization.integer_kernel", io.qvit.api.kernel.IntegerKernel.class,
                        "integer kernel", q.integerKernel());
                plugins.find(io.qvit.api.kernel.IntegerKernel.class, q.integerKernel()).ifPresent(k -> {
                    try {
                        k.withOptions(q.kernelOptions());
                    } catch (IllegalArgumentException e) {
                        out.add(file.error("quantization.integer_kernel_options", e.getMessage()));
                    }
                });
            } else if (!q.kernelOptions().isEmpty()) {
                out.add(file.error("quantization.integer_kernel_options", "needs quantization.integer_kernel"));
            }
            if (q.bitAllocator() != null) {
                requirePlugin(file, out, "quantization.bit_allocator.id", BitAllocator.class, "bit allocator",
                        q.bitAllocator().id());
                plugins.find(BitAllocator.class, q.bitAllocator().id()).ifPresent(a -> {
                    try {
                        a.withOptions(q.bitAllocator().allocatorOptions());
                    } catch (IllegalArgumentException e) {
                        out.add(file.error("quantization.bit_allocator.options", e.getMessage()));
                    }
                });
            }
            OptionsCheck.check(file, plugins, out);
        }
    }

    private void checkRule(ExperimentFile file, List<ExperimentException> out, String key, SiteRule rule) {
        if (rule != null && rule.quantizer() != null) {
            requirePlugin(file, out, key + ".quantizer", Quantizer.class, "quantizer", rule.quantizer());
        }
    }

    private void checkImages(ExperimentFile file, List<ExperimentException> out, String key, ImageSetSpec set) {
        requireFile(file, out, key + ".images", set.images(), true);
        if (set.labels() != null) {
            requireFile(file, out, key + ".labels", set.labels(), false);
        }
        if (set.list() != null) {
            requireFile(file, out, key + ".list", set.list(), false);
        }
        if (set.exclude() != null) {
            requireFile(file, out, key + ".exclude", set.exclude(), false);
        }
    }

    private static void requireFile(ExperimentFile file, List<ExperimentException> out, String key, String value,
                                    boolean directory) {
        Path p = file.resolve(value);
        if (!Files.exists(p)) {
            out.add(file.error(key, "no such " + (directory ? "folder" : "file") + ": " + p));
        } else if (directory != Files.isDirectory(p)) {
            out.add(file.error(key, p + (directory ? " is not a folder" : " is a folder, not a file")));
        } else if (!Files.isReadable(p)) {
            out.add(file.error(key, "cannot read " + p));
        }
    }

    private void requirePlugin(ExperimentFile file, List<ExperimentException> out, String key, Class<?> kind,
                               String what, String id) {
        SortedSet<String> known = plugins.ids(kind);
        if (!known.contains(id)) {
            java.util.Optional<String> why = plugins.unavailable(kind, id);
            out.add(file.error(key, why.isPresent() ? what + " plugin '" + id + "' " + why.get()
                    : "unknown " + what + " plugin id '" + id + "' (installed: "
                    + (known.isEmpty() ? "none" : String.join(", ", known)) + ")"));
        }
    }
}
