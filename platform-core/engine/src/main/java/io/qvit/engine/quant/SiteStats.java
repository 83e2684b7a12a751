package io.qvit.engine.quant;

/**
 * How one quantized site behaves on the analysis images.
 *
 * @param site site id
 * @param quantizer Quantizer plugin id
 * @param bits bit-width
 * @param granularity per-tensor, per-channel or per-head
 * @param scaleMin smallest scale of the site's quantizer
 * @param scaleMean mean scale
 * @param scaleMax largest scale
 * @param localSqnrDb SQNR of the site's own quantization: its input against its fake-quantized
 *     output, in the quantized model (weights: the weight tensor)
 * @param sqnrDb SQNR of the quantized model's tensor at this site (after quantization) against the
 *     float model's tensor at the same site: the error accumulated up to here (weights: as local)
 * @param cosine cosine similarity of the same pair as {@code sqnrDb}
 */
public record SiteStats(String site, String quantizer, int bits, String granularity, double scaleMin,
                        double scaleMean, double scaleMax, double localSqnrDb, double sqnrDb, double cosine) {
}
