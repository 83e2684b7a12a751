package io.qvit.api.quant;

/** Which inputs a quantizer sees during calibration. */
public enum CalibrationParadigm {
    /** The float model's tensors at the site: every site calibrates independently. */
    PARALLEL,
    /** The tensors produced with every preceding site already quantized. */
    SEQUENTIAL
}
