package io.qvit.plugins.adalog;

import io.qvit.api.quant.LayerView;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import java.util.Arrays;
import java.util.Optional;

/**
 * AdaLog's alternating search on one layer's output (reference {@code hyperparameter_searching} in
 * {@code quant_layers/linear.py} and {@code matmul.py}): the quantizers of this plugin among the
 * layer's two operands are re-fitted in turn, each on the {@link LayerObjective} with the other
 * operand quantized as currently fitted, for {@code search_round} rounds (one round when only one
 * operand is searchable: the other one does not change). In each round a uniform linear layer
 * searches its weight first, then its input; AdaLog inputs and attention matmuls search the left
 * operand first. An operand quantized by another plugin is applied as it is; an unquantized one is
 * float.
 */
final class JointSearch {
    private JointSearch() {
    }

    /** Runs the search for the layer; {@code caller} is the quantizer the engine called. */
    static void run(LayerView view, Searchable caller) {
        Optional<TensorQuantizer> lq = view.quantizer(view.leftSite());
        Optional<TensorQuantizer> rq = view.quantizer(view.rightSite());
        Searchable left = searchable(lq);
        Searchable right = searchable(rq);
        int rounds = left != null && right != null ? caller.options().searchRound() : 1;
        Tensor lt = view.left();
        Tensor rt = view.right();
        float[] a = left != null ? left.effective(lt.data()) : lt.data();
        float[] b = right != null ? right.effective(rt.data()) : rt.data();
        boolean linear = rt.rank() == 2;
        int[] ls = lt.shape();
        int[] rs = rt.shape();
        int m;
        int k;
        int n;
        int slices;
        if (linear) {
            k = rs[1];
            n = rs[0];
            if (ls[ls.length - 1] != k) {
                throw new IllegalArgumentException("layer " + view.leftSite() + " · " + view.rightSite() + ": input "
                        + Arrays.toString(ls) + " does not end in the weight's " + k + " input features");
            }
            m = lt.size() / k;
            slices = 1;
        } else {
            if (ls.length != 4 || rs.length != 4 || ls[0] != rs[0] || ls[1] != rs[1]) {
                throw new IllegalArgumentException("layer " + view.leftSite() + " · " + view.rightSite()
                        + ": attention operands must be [B, H, ·, ·] alike, got " + Arrays.toString(ls) + " and "
                        + Arrays.toString(rs));
            }
            slices = ls[0] * ls[1];
            m = ls[2];
            k = ls[3];
            n = view.rightTransposed() ? rs[2] : rs[3];
            int rk = view.rightTransposed() ? rs[3] : rs[2];
            if (rk != k) {
                throw new IllegalArgumentException("layer " + view.leftSite() + " · " + view.rightSite()
                        + ": inner dimensions differ: " + Arrays.toString(ls) + " and " + Arrays.toString(rs));
            }
        }
        boolean leftFirst = !linear || (left != null && left.logarithmic());
        try {
            for (int round = 0; round < rounds; round++) {
                for (int side = 0; side < 2; side++) {
                    boolean doLeft = (side == 0) == leftFirst;
                    if (doLeft && left != null) {
                        float[] bq = rq.isPresent() ? rq.get().quantize(rt).data() : b;
                        LayerObjective o = linear ? LayerObjective.linearLeft(a, b, bq, m, k, n)
                                : LayerObjective.matmul(true, view.rightTransposed(), a, a, b, bq, slices, m, k, n);
                        ExactError exact = left.options().exactTopK() > 0 && linear && left.groups(ls).count() == 1
                                ? ExactError.inputTensor(lt.data(), a, b, bq, m, k, n, left.options().exactRows(),
                                view.seed())
                                : null;
                        left.search(lt.data(), ls, o, exact);
                    } else if (!doLeft && right != null) {
                        float[] aq = lq.isPresent() ? lq.get().quantize(lt).data() : a;
                        LayerObjective o = linear ? LayerObjective.linearRight(a, aq, b, m, k, n)
                                : LayerObjective.matmul(false, view.rightTransposed(), a, aq, b, b, slices, m, k, n);
                        ExactError exact = right.options().exactTopK() > 0 && linear
                                && right.groups(rs).equals(new Groups(k, n))
                                ? ExactError.weightRows(a, aq, rt.data(), m, k, n)
                                : null;
                        right.search(rt.data(), rs, o, exact);
                    }
                }
            }
        } finally {
            if (left != null) {
                left.release();
            }
            if (right != null) {
                right.release();
            }
        }
    }

    private static Searchable searchable(Optional<TensorQuantizer> q) {
        return q.isPresent() && q.get() instanceof Searchable s && s.options().layerObjective() ? s : null;
    }
}
