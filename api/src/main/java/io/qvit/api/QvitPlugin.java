package io.qvit.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Names a plugin service to the platform. Put it next to {@code @Component} on the class that
 * implements a qvit service interface; bnd turns it into the service properties
 * {@code qvit.id} and {@code qvit.citation}, which the plugin registry reads even when the
 * component fails to activate.
 *
 * <pre>{@code
 * @Component(service = Quantizer.class)
 * @QvitPlugin(id = "uniform", citation = "Jacob et al., CVPR 2018")
 * public final class UniformQuantizer implements Quantizer { ... }
 * }</pre>
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface QvitPlugin {
    /** Prefix of the generated service property names. */
    String PREFIX_ = "qvit.";

    /** Service property that carries the plugin id. */
    String ID_PROPERTY = "qvit.id";

    /** Service property that carries the citation. */
    String CITATION_PROPERTY = "qvit.citation";

    /**
     * The stable id experiment files use to name this plugin, for example {@code repq}: lower case
     * letters, digits, '-' and '.', unique among plugins of the same kind.
     */
    String id();

    /** A short citation of the method the plugin implements (authors, venue, year). */
    String citation() default "";
}
