package ${package};

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * bnd turned {@code @Component} and {@code @QvitPlugin} into the Declarative Services descriptor
 * the platform reads: the service interface and the {@code qvit.id} the experiment files use.
 */
class ${className}DescriptorTest {
    @Test
    void theComponentDescriptorNamesTheServiceAndThePluginId() throws Exception {
        Path xml = Path.of("target/classes/OSGI-INF/${package}.${className}.xml");
        assertTrue(Files.exists(xml), xml + " missing: is bnd-maven-plugin running (inherit io.qvit:qvit-plugin-parent)?");
        String s = Files.readString(xml);
        assertTrue(s.contains("interface=\"io.qvit.api.quant.Quantizer\""), s);
        assertTrue(s.contains("name=\"qvit.id\"") && s.contains("value=\"${pluginId}\""), s);
    }
}
