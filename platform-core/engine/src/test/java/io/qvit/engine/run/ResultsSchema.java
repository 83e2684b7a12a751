package io.qvit.engine.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * The published schema of {@code results.json} ({@code experiments/schema/results.schema.json});
 * the engine's tests check every kind of results document they produce against it, so the schema
 * and the code cannot drift apart.
 */
final class ResultsSchema {
    private static final JsonSchema SCHEMA = load();

    private ResultsSchema() {
    }

    private static JsonSchema load() {
        try (InputStream in = ResultsSchema.class.getResourceAsStream("/io/qvit/experiments/schema/results.schema.json")) {
            assertTrue(in != null, "results.schema.json is not on the test class path");
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(new ObjectMapper().readTree(in), SchemaValidatorsConfig.builder().build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails the test, listing every violation, unless {@code results} conforms to the schema. */
    static void assertValid(JsonNode results) {
        Set<ValidationMessage> problems = SCHEMA.validate(results);
        assertTrue(problems.isEmpty(), "results.json does not conform to results.schema.json: " + problems);
    }
}
