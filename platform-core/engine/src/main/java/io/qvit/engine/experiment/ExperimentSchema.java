package io.qvit.engine.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The JSON Schema every experiment file is validated against, kept in {@code experiments/schema/}
 * and packaged on the class path as {@value #RESOURCE}. Violations become
 * {@link ExperimentException}s that point at the offending key.
 */
public final class ExperimentSchema {
    /** Class-path location of the schema. */
    public static final String RESOURCE = "/io/qvit/experiments/schema/experiment.schema.json";

    private final JsonSchema schema;
    private final JsonNode schemaTree;

    /** Loads the schema from the class path. */
    public ExperimentSchema() {
        try (InputStream in = ExperimentSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("experiment schema " + RESOURCE + " is not on the class path");
            }
            schemaTree = new ObjectMapper().readTree(in);
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(schemaTree, SchemaValidatorsConfig.builder().build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Validates a tree.
     *
     * @return the violations, first by position in the file; empty when valid
     */
    public List<ExperimentException> validate(LocatedTree tree) {
        Set<ValidationMessage> messages = schema.validate(tree.root());
        List<ExperimentException> out = new ArrayList<>();
        for (ValidationMessage m : messages) {
            String path = path(m.getInstanceLocation());
            String problem;
            switch (m.getType()) {
                case "additionalProperties" -> {
                    path = path.isEmpty() ? m.getProperty() : path + "." + m.getProperty();
                    problem = "unknown key '" + m.getProperty() + "'" + allowed(m.getSchemaLocation().toString());
                }
                case "required" -> problem = "missing required key '" + m.getProperty() + "'";
                case "minimum", "maximum" -> problem = "value " + m.getInstanceNode()
                        + " is out of range: " + m.getError().replaceFirst("^\\S+: ", "");
                default -> problem = m.getError().replaceFirst("^\\$\\S*: ", "");
            }
            out.add(tree.error(path, problem));
        }
        out.sort(Comparator.comparingInt(ExperimentException::line).thenComparingInt(ExperimentException::column));
        return out;
    }

    /** The keys allowed by the object schema that owns {@code .../additionalProperties}. */
    private String allowed(String schemaLocation) {
        int hash = schemaLocation.indexOf('#');
        String pointer = hash < 0 ? "" : schemaLocation.substring(hash + 1);
        pointer = pointer.replaceFirst("/additionalProperties$", "");
        JsonNode props = schemaTree.at(pointer).get("properties");
        if (props == null) {
            return "";
        }
        List<String> names = new ArrayList<>();
        props.fieldNames().forEachRemaining(names::add);
        return " (allowed here: " + String.join(", ", names) + ")";
    }

    private static String path(JsonNodePath p) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < p.getNameCount(); i++) {
            Object e = p.getElement(i);
            if (e instanceof Integer idx) {
                sb.append('[').append(idx).append(']');
            } else {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(e);
            }
        }
        return sb.toString();
    }
}
