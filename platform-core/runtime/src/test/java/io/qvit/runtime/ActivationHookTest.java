package io.qvit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.model.VisionModel;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hooks see every activation site once, in order; identity is exact; replacements take effect. */
class ActivationHookTest {

    private static CompiledModel compiled(String weights) {
        return CompiledModel.build(Goldens.model(weights), new RuntimeOptions(2));
    }

    private static Tensor input(String io) {
        return Goldens.tensors(io).get("input");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "golden/vit_micro.weights.safetensors, golden/vit_micro.io.safetensors",
        "golden/deit_micro_distilled.weights.safetensors, golden/deit_micro_distilled.io.safetensors",
        "golden/swin_micro.weights.safetensors, golden/swin_micro.io.safetensors",
    })
    void hookSeesEverySiteOnceInOrderAndIdentityIsExact(String weights, String io) {
        CompiledModel model = compiled(weights);
        Tensor x = input(io);
        List<QuantSite> seen = new ArrayList<>();
        Tensor hooked = model.forward(x, (site, t) -> {
            seen.add(site);
            assertTrue(t.dim(0) % x.dim(0) == 0, "batch-major tensor at " + site);
            return t;
        });
        assertEquals(model.activationSites(), seen);
        assertEquals(seen.size(), new HashSet<>(seen).size(), "a site was visited twice");
        assertEquals(model.forward(x), hooked, "a pass-through hook must give bit-identical logits");
        assertEquals(model.forward(x), model.forward(x, ActivationHook.IDENTITY));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "golden/vit_micro.weights.safetensors",
        "golden/swin_micro.weights.safetensors",
    })
    void everyBlockHasEveryBlockRole(String weights) {
        CompiledModel model = compiled(weights);
        Set<SiteRole> blockRoles = EnumSet.of(SiteRole.NORM_INPUT, SiteRole.QKV_INPUT, SiteRole.ATTN_Q,
                SiteRole.ATTN_K, SiteRole.ATTN_V, SiteRole.SOFTMAX_INPUT, SiteRole.ATTN_PROBS, SiteRole.PROJ_INPUT,
                SiteRole.RESIDUAL, SiteRole.FC1_INPUT, SiteRole.GELU_INPUT, SiteRole.FC2_INPUT,
                SiteRole.QKV_WEIGHT, SiteRole.PROJ_WEIGHT, SiteRole.FC1_WEIGHT, SiteRole.FC2_WEIGHT);
        List<String> scopes = model.sites().stream().map(QuantSite::scope).filter(s -> s.contains("blocks."))
                .distinct().toList();
        assertTrue(scopes.size() >= 3);
        for (String scope : scopes) {
            Set<SiteRole> roles = EnumSet.noneOf(SiteRole.class);
            model.sites().stream().filter(s -> s.scope().equals(scope)).forEach(s -> roles.add(s.role()));
            assertEquals(blockRoles, roles, scope);
        }
        assertTrue(model.sites().contains(new QuantSite("", SiteRole.PATCH_EMBED_INPUT)));
        assertTrue(model.sites().contains(new QuantSite("", SiteRole.HEAD_INPUT)));
        assertTrue(model.sites().contains(new QuantSite("", SiteRole.NORM_INPUT)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "golden/vit_micro.weights.safetensors, golden/vit_micro.io.safetensors",
        "golden/swin_micro.weights.safetensors, golden/swin_micro.io.safetensors",
    })
    void zeroingAttentionProbabilitiesChangesTheOutput(String weights, String io) {
        CompiledModel model = compiled(weights);
        Tensor x = input(io);
        Tensor zeroed = model.forward(x, (site, t) -> {
            if (site.role() == SiteRole.ATTN_PROBS) {
                Arrays.fill(t.data(), 0f);
            }
            return t;
        });
        assertNotEquals(model.forward(x), zeroed);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "golden/deit_micro_distilled.weights.safetensors, golden/deit_micro_distilled.io.safetensors",
        "golden/swin_micro.weights.safetensors, golden/swin_micro.io.safetensors",
    })
    void aReturnedCopyReplacesTheActivation(String weights, String io) {
        CompiledModel model = compiled(weights);
        Tensor x = input(io);
        Tensor copied = model.forward(x, (site, t) -> t.copy());
        assertEquals(model.forward(x), copied);
        Tensor replaced = model.forward(x, (site, t) -> {
            if (site.role() == SiteRole.FC2_INPUT) {
                return Tensor.zeros(t.shape());
            }
            return t;
        });
        assertNotEquals(model.forward(x), replaced);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"golden/vit_micro.weights.safetensors", "golden/swin_micro.weights.safetensors"})
    void inputIsNotModifiedByHooks(String weights) {
        VisionModel m = Goldens.model(weights);
        CompiledModel model = compiled(weights);
        int size = m.config().imageSize();
        Tensor x = Tensor.zeros(2, 3, size, size);
        Arrays.fill(x.data(), 0.25f);
        Tensor before = x.copy();
        model.forward(x, (site, t) -> {
            Arrays.fill(t.data(), 1f);
            return t;
        });
        assertEquals(before, x);
    }
}
