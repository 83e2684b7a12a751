package io.qvit.api.deploy;

/**
 * A model, site or artifact that cannot be deployed, with a one-line message naming the site and
 * quantizer (exporters) or the file (backends).
 */
public class DeploymentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With a message. */
    public DeploymentException(String message) {
        super(message);
    }

    /** With a message and a cause. */
    public DeploymentException(String message, Throwable cause) {
        super(message, cause);
    }
}
