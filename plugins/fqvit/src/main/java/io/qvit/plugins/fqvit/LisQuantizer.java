package io.qvit.plugins.fqvit;

import io.qvit.api.QvitPlugin;
import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import io.qvit.toolkit.options.OptionReader;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * {@code fqvit.lis}: the output of FQ-ViT's Log-Int-Softmax at {@code attn.probs}: b-bit log2
 * codes of the attention probabilities ({@link LogRound}; the authors use b = 4), so that
 * {@code probs·v} becomes shifts. Nothing is fitted (the code is fixed by p); {@code fit()} only
 * ends calibration. It applies to probabilities in [0, 1] and to no other site role.
 *
 * <p>The authors compute the exponentials with I-BERT's integer polynomial from the 8-bit
 * softmax input ({@code softmax.input}); here the probabilities come from the platform's float
 * softmax of the quantized logits, so the codes differ only where the polynomial's error moves
 * {@code round(1/p)} across a rounding boundary (docs/methods/fqvit.md).
 *
 * <p>Bits 2..7, granularity {@code per-tensor}, {@code symmetric: false}, init {@code log2}; no options
 * (any key is an error; site rule options are scoped by quantizer). Parameters: scale 1, zero
 * point 0, {@code extra} {@code log_base} 2, {@code rounding} {@code log_round}.
 */
@Component(service = Quantizer.class)
@QvitPlugin(id = LisQuantizer.ID, citation = "Lin, Zhang, Sun, Chu, Zhou: FQ-ViT, IJCAI 2022")
public final class LisQuantizer implements Quantizer {
    /** The plugin id. */
    public static final String ID = "fqvit.lis";
    /** The only init. */
    static final String INIT = "log2";
    /** The widest code: 2^−127 is the smallest power of two whose reciprocal is a float. */
    static final int MAX_BITS = 7;

    /** Creates the quantizer service (Declarative Services calls this; so may anyone else). */
    public LisQuantizer() {
    }

    @Override
    public void validate(QuantizerConfig config) {
        if (config.bits() > MAX_BITS) {
            throw new IllegalArgumentException("bits " + config.bits() + " is not supported by fqvit.lis (2.." + MAX_BITS
                    + ": the code 2^-q of a float32 probability needs q < 128)");
        }
        if (config.granularity() != Granularity.PER_TENSOR) {
            throw new IllegalArgumentException("granularity " + config.granularity().name().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', '-') + " is not supported by fqvit.lis (per-tensor: the code is fixed by p)");
        }
        if (config.symmetric()) {
            throw new IllegalArgumentException("symmetric: true is not supported by fqvit.lis (codes of p in [0, 1])");
        }
        if (!INIT.equals(config.init())) {
            throw new IllegalArgumentException("init '" + config.init() + "' is not supported by fqvit.lis (known: " + INIT + ")");
        }
        OptionReader.of(config.options()).requireKnown(ID, Set.of());
    }

    @Override
    public TensorQuantizer create(QuantSite site, QuantizerConfig config) {
        validate(config);
        if (site.role() != SiteRole.ATTN_PROBS) {
            throw new IllegalArgumentException("site " + site.id() + ": fqvit.lis quantizes attention probabilities "
                    + "(attn.probs) only");
        }
        return new TensorQuantizer() {
            private volatile boolean fitted;

            @Override
            public void observe(Tensor tensor) {
                // nothing to collect: the code is a function of p
            }

            @Override
            public void fit() {
                fitted = true;
            }

            @Override
            public boolean fitted() {
                return fitted;
            }

            @Override
            public Tensor quantize(Tensor tensor) {
                if (!fitted) {
                    throw new IllegalStateException("site " + site.id() + ": fqvit.lis quantize before fit");
                }
                float[] x = tensor.data();
                float[] y = new float[x.length];
                for (int i = 0; i < x.length; i++) {
                    y[i] = LogRound.value(LogRound.code(x[i], config.bits()));
                }
                return Tensor.of(y, tensor.shape());
            }

            @Override
            public QuantParams params() {
                if (!fitted) {
                    throw new IllegalStateException("site " + site.id() + ": fqvit.lis params before fit");
                }
                return new QuantParams(config.bits(), config.granularity(), Tensor.of(new float[] {1f}, 1),
                        Tensor.zeros(1), Map.of("log_base", 2, "rounding", "log_round"));
            }

            @Override
            public String toString() {
                return "fqvit.lis[" + site.id() + ", " + config.bits() + " bit]";
            }
        };
    }
}
