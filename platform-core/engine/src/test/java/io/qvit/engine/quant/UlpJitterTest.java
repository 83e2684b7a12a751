package io.qvit.engine.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.tensor.Tensor;
import io.qvit.runtime.ActivationHook;
import org.junit.jupiter.api.Test;

class UlpJitterTest {
    private static float[] values(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i - n / 2) * 0.37f + 0.001f;
        }
        return v;
    }

    private static float[] jittered(QuantSite site, long seed, float[] in) {
        float[][] seen = new float[1][];
        ActivationHook inner = (s, x) -> {
            seen[0] = x.data().clone();
            return x;
        };
        Tensor t = Tensor.of(in.clone(), in.length);
        assertSame(t, new UlpJitter(inner, seed).apply(site, t), "the inner hook's result is returned");
        return seen[0];
    }

    @Test
    void everyValueMovesByAtMostOneUlpInBothDirectionsBeforeTheInnerHook() {
        QuantSite site = new QuantSite("blocks.0", SiteRole.QKV_INPUT);
        float[] in = values(3000);
        float[] out = jittered(site, 1, in);
        int up = 0;
        int down = 0;
        for (int i = 0; i < in.length; i++) {
            if (out[i] == Math.nextUp(in[i])) {
                up++;
            } else if (out[i] == Math.nextDown(in[i])) {
                down++;
            } else {
                assertEquals(in[i], out[i], 0f, "element " + i);
            }
        }
        // A third each, up to chance.
        assertTrue(up > 800 && up < 1200 && down > 800 && down < 1200, up + " up, " + down + " down");
    }

    @Test
    void theJitterIsAFixedFunctionOfSeedSiteAndIndex() {
        QuantSite a = new QuantSite("blocks.0", SiteRole.QKV_INPUT);
        QuantSite b = new QuantSite("blocks.1", SiteRole.QKV_INPUT);
        float[] in = values(200);
        assertArrayEquals(jittered(a, 1, in), jittered(a, 1, in));
        assertTrue(!java.util.Arrays.equals(jittered(a, 1, in), jittered(b, 1, in)), "sites jitter differently");
        assertTrue(!java.util.Arrays.equals(jittered(a, 1, in), jittered(a, 2, in)), "seeds jitter differently");
    }

    @Test
    void onlyValuesWithinAnUlpOfARoundingBoundaryChangeCode() {
        // Scale 0.5: 0.25 is a tie (rounds to even 0); its neighbours round to 0 and 1. 0.3 is far from a tie.
        float s = 0.5f;
        float[] in = new float[600];
        for (int i = 0; i < in.length; i++) {
            in[i] = i % 2 == 0 ? 0.25f : 0.3f;
        }
        float[] out = jittered(new QuantSite("", SiteRole.HEAD_INPUT), 7, in);
        int flips = 0;
        for (int i = 0; i < in.length; i++) {
            boolean flipped = Math.rint(out[i] / s) != Math.rint(in[i] / s);
            assertTrue(!flipped || i % 2 == 0, "a value far from a tie kept its code: " + i);
            flips += flipped ? 1 : 0;
        }
        assertTrue(flips > 50, "ties moved up by an ulp change code: " + flips);
    }
}
