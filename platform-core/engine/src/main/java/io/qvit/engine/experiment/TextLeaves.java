package io.qvit.engine.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites every string value of an experiment tree in place, with its key path
 * ({@code data.evaluation[0].images}): how {@code ${ENV}} interpolation and matrix expansion
 * reach the values of a file without touching its structure.
 */
final class TextLeaves {
    private TextLeaves() {
    }

    /** The new value of one string. */
    @FunctionalInterface
    interface Rewrite {
        /**
         * The value that replaces {@code text} at {@code path}; a JSON null removes a mapping's key.
         *
         * @throws ExperimentException naming the path when the text is wrong
         */
        JsonNode apply(String path, String text) throws ExperimentException;
    }

    /** Rewrites the strings below {@code node}, whose path is {@code path} ("" for the root). */
    static void rewrite(JsonNode node, String path, Rewrite f) throws ExperimentException {
        if (node instanceof ObjectNode obj) {
            List<String> keys = new ArrayList<>();
            obj.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                String child = path.isEmpty() ? k : path + "." + k;
                JsonNode v = obj.get(k);
                if (v.isTextual()) {
                    JsonNode r = f.apply(child, v.textValue());
                    if (r.isNull()) {
                        obj.remove(k);
                    } else {
                        obj.set(k, r);
                    }
                } else {
                    rewrite(v, child, f);
                }
            }
        } else if (node instanceof ArrayNode arr) {
            for (int i = 0; i < arr.size(); i++) {
                String child = path + "[" + i + "]";
                JsonNode v = arr.get(i);
                if (v.isTextual()) {
                    arr.set(i, f.apply(child, v.textValue()));
                } else {
                    rewrite(v, child, f);
                }
            }
        }
    }
}
