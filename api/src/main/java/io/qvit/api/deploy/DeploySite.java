package io.qvit.api.deploy;

import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import java.util.Objects;

/**
 * One quantized site of a calibrated model, as an exporter sees it: where, which quantizer plugin
 * fitted it, and its fitted parameters. A uniform grid is recognised by its parameters'
 * {@code extra} entries {@code qmin} and {@code qmax} (integers): the site then computes
 * {@code (clamp(round(x / scale) + zeroPoint, qmin, qmax) - zeroPoint) * scale}, rounding half to
 * even. Other quantizers (log√2, AdaLog, two-scale grids) document their own {@code extra}.
 *
 * @param site the site
 * @param quantizer the id of the quantizer plugin, e.g. {@code uniform}
 * @param params its fitted parameters
 */
public record DeploySite(QuantSite site, String quantizer, QuantParams params) {

    /** Validates the values. */
    public DeploySite {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(quantizer, "quantizer");
        Objects.requireNonNull(params, "params");
    }

    /** True when {@code params.extra()} declares a uniform integer grid ({@code qmin}, {@code qmax}). */
    public boolean uniformGrid() {
        return params.extra().get("qmin") instanceof Number && params.extra().get("qmax") instanceof Number;
    }

    /** The lowest code of a uniform grid. @throws IllegalStateException if the grid is not uniform */
    public int qmin() {
        return code("qmin");
    }

    /** The highest code of a uniform grid. @throws IllegalStateException if the grid is not uniform */
    public int qmax() {
        return code("qmax");
    }

    private int code(String key) {
        if (!uniformGrid()) {
            throw new IllegalStateException(site + ": quantizer '" + quantizer + "' has no uniform grid");
        }
        return ((Number) params.extra().get(key)).intValue();
    }
}
