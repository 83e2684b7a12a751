package io.qvit.api.reparam;

import io.qvit.api.model.VisionModel;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A weight rewrite that preserves the float32 function (to 1e-5) while making the model easier to
 * quantize. Published as a service and named in experiment files by its id.
 */
@ConsumerType
public interface Reparameterization {

    /** When it runs. */
    ReparameterizationPhase phase();

    /**
     * Rewrites the model.
     *
     * @param model the current model (not modified)
     * @param context the sites and quantizers of the run
     * @return the rewritten model
     */
    VisionModel apply(VisionModel model, ReparameterizationContext context);
}
