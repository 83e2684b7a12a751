package io.qvit.engine.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands an experiment file with a {@code matrix} into its cells: the cartesian product of the
 * axes, minus the assignments listed under {@code exclude}. Each cell is the file without
 * {@code matrix} and {@code exclude}, named {@code <name>.<cell id>}, with every
 * {@code ${matrix.AXIS}} (or {@code ${matrix.AXIS.FIELD}} for an axis of mappings) replaced by the
 * cell's value. A string that is exactly one reference takes the value with its type (a number
 * stays a number, a mapping a mapping; a {@code null} removes the key, so that an axis can leave
 * a key unset, e.g. {@code method} for plain uniform quantization); inside a longer string the
 * scalar's text is used.
 *
 * <p>An axis value is a scalar or a mapping with a {@code name}; the cell id joins the values'
 * labels (the scalar's text, the mapping's name) with {@code _} in axis order, for example
 * {@code deit-t_repq_4}. A cell's resolved experiment depends only on its own values, so adding a
 * value to an axis leaves every existing cell's config hash, and so its finished run, unchanged.
 */
final class MatrixExpansion {
    /** The matrix key. */
    static final String MATRIX = "matrix";
    /** The exclusions key. */
    static final String EXCLUDE = "exclude";
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]*");
    private static final Pattern AXIS = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_CELLS = 10_000;

    private MatrixExpansion() {
    }

    /** One cell: its id, the label of each axis value, and its document. */
    record Cell(String id, Map<String, String> labels, LocatedTree tree) {
    }

    /** Whether {@code tree} declares a matrix. */
    static boolean isMatrix(LocatedTree tree) {
        return tree.root().has(MATRIX);
    }

    /**
     * The cells of {@code tree}, in axis order (the last axis varies fastest).
     *
     * @throws ExperimentException for a malformed matrix or exclusion, or a reference to an unknown axis
     */
    static List<Cell> expand(LocatedTree tree) throws ExperimentException {
        JsonNode matrix = tree.root().get(MATRIX);
        if (!(matrix instanceof ObjectNode axesNode) || axesNode.isEmpty()) {
            throw tree.error(MATRIX, "must be a mapping of axis names to lists of values");
        }
        if (tree.root().has("variants")) {
            throw tree.error("variants", "cannot be combined with 'matrix': make the methods an axis of the matrix");
        }
        Map<String, List<JsonNode>> axes = new LinkedHashMap<>();
        Map<String, List<String>> labels = new LinkedHashMap<>();
        long cells = 1;
        for (Iterator<Map.Entry<String, JsonNode>> it = axesNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = MATRIX + "." + e.getKey();
            if (!AXIS.matcher(e.getKey()).matches()) {
                throw tree.error(path, "axis name '" + e.getKey() + "' must be letters, digits and _ (used as ${matrix."
                        + e.getKey() + "})");
            }
            if (!(e.getValue() instanceof ArrayNode values) || values.isEmpty()) {
                throw tree.error(path, "must be a non-empty list of values");
            }
            List<JsonNode> vs = new ArrayList<>();
            List<String> ls = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                String label = label(tree, path + "[" + i + "]", values.get(i));
                if (ls.contains(label)) {
                    throw tree.error(path + "[" + i + "]", "duplicate value '" + label + "' on axis '" + e.getKey() + "'");
                }
                vs.add(values.get(i));
                ls.add(label);
            }
            axes.put(e.getKey(), vs);
            labels.put(e.getKey(), ls);
            cells *= vs.size();
            if (cells > MAX_CELLS) {
                throw tree.error(MATRIX, "expands to more than " + MAX_CELLS + " cells");
            }
        }
        List<Map<String, String>> excludes = excludes(tree, labels);
        List<String> names = new ArrayList<>(axes.keySet());
        List<Cell> out = new ArrayList<>();
        int[] index = new int[names.size()];
        for (long c = 0; c < cells; c++) {
            Map<String, String> cellLabels = new LinkedHashMap<>();
            Map<String, JsonNode> values = new LinkedHashMap<>();
            for (int a = 0; a < names.size(); a++) {
                cellLabels.put(names.get(a), labels.get(names.get(a)).get(index[a]));
                values.put(names.get(a), axes.get(names.get(a)).get(index[a]));
            }
            if (excludes.stream().noneMatch(x -> cellLabels.entrySet().containsAll(x.entrySet()))) {
                out.add(cell(tree, cellLabels, values));
            }
            for (int a = names.size() - 1; a >= 0; a--) {
                if (++index[a] < axes.get(names.get(a)).size()) {
                    break;
                }
                index[a] = 0;
            }
        }
        if (out.isEmpty()) {
            throw tree.error(EXCLUDE, "excludes every cell of the matrix");
        }
        return out;
    }

    private static String label(LocatedTree tree, String path, JsonNode v) throws ExperimentException {
        String label;
        if (v.isObject()) {
            if (!v.path("name").isValueNode()) {
                throw tree.error(path, "a mapping value of an axis needs a 'name' (its label in the cell id)");
            }
            label = v.get("name").asText();
        } else if (v.isValueNode() && !v.isNull()) {
            label = v.asText();
        } else {
            throw tree.error(path, "an axis value must be a scalar or a mapping with a 'name'");
        }
        if (!LABEL.matcher(label).matches()) {
            throw tree.error(path, "label '" + label + "' must be letters, digits, '.' and '-' (it is part of the cell id)");
        }
        return label;
    }

    private static List<Map<String, String>> excludes(LocatedTree tree, Map<String, List<String>> labels)
            throws ExperimentException {
        JsonNode ex = tree.root().get(EXCLUDE);
        List<Map<String, String>> out = new ArrayList<>();
        if (ex == null) {
            return out;
        }
        if (!(ex instanceof ArrayNode list)) {
            throw tree.error(EXCLUDE, "must be a list of partial cells, e.g. [{method: uniform, bits: 3}]");
        }
        for (int i = 0; i < list.size(); i++) {
            String path = EXCLUDE + "[" + i + "]";
            if (!(list.get(i) instanceof ObjectNode entry) || entry.isEmpty()) {
                throw tree.error(path, "must be a mapping of axis names to values");
            }
            Map<String, String> x = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                List<String> known = labels.get(e.getKey());
                if (known == null) {
                    throw tree.error(path + "." + e.getKey(), "unknown axis '" + e.getKey() + "' (axes: "
                            + String.join(", ", labels.keySet()) + ")");
                }
                String label = e.getValue().isObject() ? e.getValue().path("name").asText() : e.getValue().asText();
                if (!known.contains(label)) {
                    throw tree.error(path + "." + e.getKey(), "'" + label + "' is not a value of axis '" + e.getKey()
                            + "' (values: " + String.join(", ", known) + ")");
                }
                x.put(e.getKey(), label);
            }
            out.add(x);
        }
        return out;
    }

    private static Cell cell(LocatedTree tree, Map<String, String> labels, Map<String, JsonNode> values)
            throws ExperimentException {
        ObjectNode root = tree.root().deepCopy();
        root.remove(MATRIX);
        root.remove(EXCLUDE);
        String id = String.join("_", labels.values());
        TextLeaves.rewrite(root, "", (path, text) -> value(tree, path, text, values));
        JsonNode name = root.get("name");
        if (name != null && name.isTextual()) {
            root.put("name", name.textValue() + "." + id);
        }
        return new Cell(id, labels, tree.derive(root, "", ""));
    }

    /** The value of one string with its matrix references replaced. */
    private static JsonNode value(LocatedTree tree, String path, String text, Map<String, JsonNode> values)
            throws ExperimentException {
        Matcher m = EnvInterpolation.matrixReferences(text);
        if (m.matches()) {
            return lookup(tree, path, m.group(1), values).deepCopy();
        }
        m.reset();
        StringBuilder sb = new StringBuilder();
        boolean any = false;
        while (m.find()) {
            JsonNode v = lookup(tree, path, m.group(1), values);
            if (!v.isValueNode()) {
                throw tree.error(path, "${matrix." + m.group(1) + "} is a mapping and cannot be part of a longer string;"
                        + " name one of its fields, e.g. ${matrix." + m.group(1) + ".name}");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v.asText()));
            any = true;
        }
        if (!any) {
            return new TextNode(text);
        }
        m.appendTail(sb);
        return new TextNode(sb.toString());
    }

    private static JsonNode lookup(LocatedTree tree, String path, String reference, Map<String, JsonNode> values)
            throws ExperimentException {
        String[] parts = reference.split("\\.");
        JsonNode v = values.get(parts[0]);
        if (v == null) {
            throw tree.error(path, "${matrix." + reference + "}: no axis '" + parts[0] + "' in 'matrix' (axes: "
                    + String.join(", ", values.keySet()) + ")");
        }
        for (int i = 1; i < parts.length; i++) {
            if (!v.has(parts[i])) {
                throw tree.error(path, "${matrix." + reference + "}: the value of axis '" + parts[0] + "' has no field '"
                        + parts[i] + "'");
            }
            v = v.get(parts[i]);
        }
        return v;
    }
}
