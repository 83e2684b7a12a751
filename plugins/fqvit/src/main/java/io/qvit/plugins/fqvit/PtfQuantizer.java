package io.qvit.plugins.fqvit;

import io.qvit.api.QvitPlugin;
import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.toolkit.options.OptionReader;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * {@code fqvit.ptf}: FQ-ViT's Power-of-Two Factor for LayerNorm inputs ({@code norm.input},
 * {@code residual}), as {@code PtfObserver} of the authors' code: one asymmetric b-bit grid from
 * the calibration minimum and maximum over all channels, and per channel a factor
 * {@code 2^α, α ∈ 0..K}, chosen on the channel's squared error; see {@link PtfTensorQuantizer}.
 *
 * <p>Granularity {@code per-channel}, {@code symmetric: false}, init {@code minmax}. Options:
 * {@code factors} K (default 3, the authors' {1, 2, 4, 8}), {@code max_rows} (token rows kept per
 * observed tensor for the factor choice, evenly strided; default 8192, which keeps every row of a
 * 32-image DeiT batch). Any other key is an error (site rule options are scoped by quantizer, so
 * those of {@code uniform} on broader rules do not reach it).
 */
@Component(service = Quantizer.class)
@QvitPlugin(id = PtfQuantizer.ID, citation = "Lin, Zhang, Sun, Chu, Zhou: FQ-ViT, IJCAI 2022")
public final class PtfQuantizer implements Quantizer {
    /** The plugin id. */
    public static final String ID = "fqvit.ptf";

    /** Creates the quantizer service (Declarative Services calls this; so may anyone else). */
    public PtfQuantizer() {
    }

    /** The validated options: K and the row limit. */
    record Options(int factors, int maxRows) {
    }

    static Options options(QuantizerConfig config) {
        if (config.granularity() != Granularity.PER_CHANNEL) {
            throw new IllegalArgumentException("granularity " + config.granularity().name().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', '-') + " is not supported by fqvit.ptf (per-channel: one factor per channel)");
        }
        if (config.symmetric()) {
            throw new IllegalArgumentException("symmetric: true is not supported by fqvit.ptf (asymmetric, one zero point)");
        }
        if (!"minmax".equals(config.init())) {
            throw new IllegalArgumentException("init '" + config.init() + "' is not supported by fqvit.ptf (known: minmax)");
        }
        OptionReader o = OptionReader.of(config.options()).requireKnown(ID, Set.of("factors", "max_rows"));
        return new Options(o.integer("factors", 3, 0, 8), o.integer("max_rows", 8192, 1, Integer.MAX_VALUE));
    }

    @Override
    public void validate(QuantizerConfig config) {
        options(config);
    }

    @Override
    public TensorQuantizer create(QuantSite site, QuantizerConfig config) {
        if (site.role().isWeight()) {
            throw new IllegalArgumentException("site " + site.id() + ": fqvit.ptf quantizes activations "
                    + "(channels last), not weights");
        }
        return new PtfTensorQuantizer(site, config, options(config));
    }
}
