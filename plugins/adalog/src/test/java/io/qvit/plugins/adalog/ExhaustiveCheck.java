package io.qvit.plugins.adalog;

/** Element-by-element objectives, the definitions the fast scorers are tested against. */
final class ExhaustiveCheck {
    private ExhaustiveCheck() {
    }

    /** {@code Σ d·(w·d + 2p)} with {@code d = x̂ − x}, for the elements of group g. */
    static double objective(float[] x, float[] xq, float[] w, float[] p, Groups groups, int g) {
        double total = 0;
        for (int e = 0; e < x.length; e++) {
            if (groups.of(e) == g) {
                double d = (double) xq[e] - x[e];
                total += d * ((w == null ? 1 : w[e]) * d + 2 * (p == null ? 0 : p[e]));
            }
        }
        return total;
    }
}
