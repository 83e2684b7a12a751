package io.qvit.toolkit.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import org.junit.jupiter.api.Test;

/** {@link NormLinearPair}: the timm key prefixes of ViT/DeiT and Swin blocks and of Swin patch merging. */
class NormLinearPairTest {

    @Test
    void vitBlockInputsPairWithTheirNormAndLinear() {
        NormLinearPair qkv = NormLinearPair.at(new QuantSite("blocks.3", SiteRole.QKV_INPUT)).orElseThrow();
        assertEquals(new QuantSite("blocks.3", SiteRole.QKV_WEIGHT), qkv.weight());
        assertEquals("blocks.3.norm1", qkv.norm());
        assertEquals("blocks.3.attn.qkv", qkv.linear());
        NormLinearPair fc1 = NormLinearPair.at(new QuantSite("blocks.11", SiteRole.FC1_INPUT)).orElseThrow();
        assertEquals(new QuantSite("blocks.11", SiteRole.FC1_WEIGHT), fc1.weight());
        assertEquals("blocks.11.norm2", fc1.norm());
        assertEquals("blocks.11.mlp.fc1", fc1.linear());
    }

    @Test
    void swinPatchMergingPairsItsNormWithTheReduction() {
        NormLinearPair r = NormLinearPair.at(new QuantSite("layers.1.downsample", SiteRole.REDUCTION_INPUT))
                .orElseThrow();
        assertEquals(new QuantSite("layers.1.downsample", SiteRole.REDUCTION_WEIGHT), r.weight());
        assertEquals("layers.1.downsample.norm", r.norm());
        assertEquals("layers.1.downsample.reduction", r.linear());
    }

    @Test
    void sitesNotFedByALayerNormHaveNoPair() {
        for (SiteRole role : new SiteRole[] {SiteRole.PROJ_INPUT, SiteRole.FC2_INPUT, SiteRole.QKV_WEIGHT}) {
            assertTrue(NormLinearPair.at(new QuantSite("blocks.0", role)).isEmpty(), role.toString());
        }
    }
}
