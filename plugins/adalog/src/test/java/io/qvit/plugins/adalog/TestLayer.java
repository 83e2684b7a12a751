package io.qvit.plugins.adalog;

import io.qvit.api.quant.LayerView;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A {@link LayerView} built by hand, as the engine builds one. */
record TestLayer(QuantSite site, QuantSite leftSite, QuantSite rightSite, Tensor left, Tensor right,
                 boolean rightTransposed, Optional<Tensor> bias, Map<QuantSite, TensorQuantizer> quantizers)
        implements LayerView {

    static TestLayer of(QuantSite site, QuantSite leftSite, QuantSite rightSite, Tensor left, Tensor right,
                        boolean transposed, TensorQuantizer lq, TensorQuantizer rq) {
        Map<QuantSite, TensorQuantizer> m = new HashMap<>();
        if (lq != null) {
            m.put(leftSite, lq);
        }
        if (rq != null) {
            m.put(rightSite, rq);
        }
        return new TestLayer(site, leftSite, rightSite, left, right, transposed, Optional.empty(), m);
    }

    @Override
    public Optional<TensorQuantizer> quantizer(QuantSite s) {
        return Optional.ofNullable(quantizers.get(s));
    }
}
