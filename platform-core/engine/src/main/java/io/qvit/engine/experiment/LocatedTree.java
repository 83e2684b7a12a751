package io.qvit.engine.experiment;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A YAML document read into a Jackson tree together with the source position of every key and
 * value, so that errors found later (schema, plugin ids, missing files) can name the line and
 * column. Paths are dotted keys with array indices in brackets: {@code data.evaluation[0].images}.
 */
public final class LocatedTree {
    private static final YAMLFactory YAML = YAMLFactory.builder().build();

    private final Path file;
    private final JsonNode root;
    private final Map<String, int[]> positions;

    private LocatedTree(Path file, JsonNode root, Map<String, int[]> positions) {
        this.file = file;
        this.root = root;
        this.positions = positions;
    }

    /**
     * Parses YAML text.
     *
     * @param file the file name used in error messages
     * @throws ExperimentException for malformed YAML, duplicate keys, or a document that is not a mapping
     */
    public static LocatedTree parse(Path file, Reader text) throws ExperimentException {
        Map<String, int[]> positions = new HashMap<>();
        try (JsonParser p = YAML.createParser(EnvInterpolation.protect(readAll(file, text)))) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new ExperimentException(file, 1, 1, "", "the file is empty");
            }
            if (t != JsonToken.START_OBJECT) {
                throw new ExperimentException(file, line(p.currentTokenLocation()), column(p.currentTokenLocation()), "",
                        "an experiment file must be a YAML mapping of keys to values");
            }
            JsonNode root = readValue(file, p, "", positions);
            if (p.nextToken() != null) {
                throw new ExperimentException(file, line(p.currentTokenLocation()), column(p.currentTokenLocation()), "",
                        "only one YAML document is allowed");
            }
            return new LocatedTree(file, root, positions);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String msg = e.getOriginalMessage().lines().findFirst().orElse("malformed YAML");
            throw new ExperimentException(file, loc == null ? 0 : line(loc), loc == null ? 0 : column(loc), "",
                    "malformed YAML: " + msg);
        } catch (IOException e) {
            throw new ExperimentException(file, 0, 0, "", "cannot read: " + e.getMessage());
        }
    }

    private static String readAll(Path file, Reader r) throws ExperimentException {
        try {
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[8192];
            for (int n; (n = r.read(buf)) > 0; ) {
                sb.append(buf, 0, n);
            }
            return sb.toString();
        } catch (IOException e) {
            throw new ExperimentException(file, 0, 0, "", "cannot read: " + e.getMessage());
        }
    }

    private static JsonNode readValue(Path file, JsonParser p, String path, Map<String, int[]> positions)
            throws IOException, ExperimentException {
        JsonToken t = p.currentToken();
        JsonLocation loc = p.currentTokenLocation();
        positions.putIfAbsent(path, new int[] {line(loc), column(loc)});
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (t) {
            case START_OBJECT -> {
                ObjectNode obj = f.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    String child = path.isEmpty() ? key : path + "." + key;
                    JsonLocation keyLoc = p.currentTokenLocation();
                    if (obj.has(key)) {
                        throw new ExperimentException(file, line(keyLoc), column(keyLoc), child, "duplicate key");
                    }
                    positions.put(child, new int[] {line(keyLoc), column(keyLoc)});
                    p.nextToken();
                    obj.set(key, readValue(file, p, child, positions));
                }
                return obj;
            }
            case START_ARRAY -> {
                ArrayNode arr = f.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    arr.add(readValue(file, p, path + "[" + i++ + "]", positions));
                }
                return arr;
            }
            case VALUE_STRING -> {
                return f.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return f.numberNode(p.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return f.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return f.booleanNode(t == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return f.nullNode();
            }
            default -> throw new ExperimentException(file, line(loc), column(loc), path, "unsupported YAML token " + t);
        }
    }

    private static int line(JsonLocation loc) {
        return Math.max(loc.getLineNr(), 0);
    }

    private static int column(JsonLocation loc) {
        return Math.max(loc.getColumnNr(), 0);
    }

    /** The file this tree was read from. */
    /**
     * This tree with {@code root} replaced and the positions under {@code fromPrefix} also known
     * under {@code toPrefix} (a derived document, such as one variant of an experiment, whose errors
     * still point into the original file).
     */
    LocatedTree derive(JsonNode newRoot, String fromPrefix, String toPrefix) {
        Map<String, int[]> p = new HashMap<>(positions);
        for (Map.Entry<String, int[]> e : positions.entrySet()) {
            if (e.getKey().equals(fromPrefix) || e.getKey().startsWith(fromPrefix + ".")) {
                p.put(toPrefix + e.getKey().substring(fromPrefix.length()), e.getValue());
            }
        }
        return new LocatedTree(file, newRoot, p);
    }

    public Path file() {
        return file;
    }

    /** The root mapping. */
    public JsonNode root() {
        return root;
    }

    /**
     * An exception located at {@code path}, or at its nearest ancestor with a known position.
     */
    public ExperimentException error(String path, String problem) {
        String p = path;
        while (true) {
            int[] pos = positions.get(p);
            if (pos != null) {
                return new ExperimentException(file, pos[0], pos[1], path, problem);
            }
            if (p.isEmpty()) {
                return new ExperimentException(file, 0, 0, path, problem);
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
    }
}
