package io.qvit.engine.quant;

/** Quantization could not be set up or calibrated; the message names the site and, where known, the plugin. */
public final class QuantizationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public QuantizationException(String message) {
        super(message);
    }

    /** Creates the exception with its cause (typically the plugin's exception). */
    public QuantizationException(String message, Throwable cause) {
        super(message, cause);
    }
}
