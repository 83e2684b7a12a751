package io.qvit.engine.experiment;

import java.nio.file.Path;

/**
 * A validated experiment: the typed spec plus the located tree it came from, so that later checks
 * (plugin ids, referenced files) can still point at a line of the file.
 *
 * @param path the experiment file
 * @param spec the typed content
 * @param tree the interpolated YAML tree with source positions
 */
public record ExperimentFile(Path path, ExperimentSpec spec, LocatedTree tree) {

    /** Resolves a path written in the file: absolute as is, relative against the file's folder. */
    public Path resolve(String value) {
        Path p = Path.of(value);
        if (p.isAbsolute()) {
            return p;
        }
        Path dir = path.toAbsolutePath().getParent();
        return dir == null ? p.toAbsolutePath() : dir.resolve(p).normalize();
    }

    /**
     * Variant {@code index} of a multi-variant experiment as an experiment of its own: named
     * {@code <name>.<variant>}, with the variant's {@code quantization} (none for a float32 variant)
     * and without {@code variants}. Errors in it point at the variant's lines.
     */
    public ExperimentFile variant(int index) {
        ExperimentSpec.VariantSpec v = spec.variants().get(index);
        com.fasterxml.jackson.databind.node.ObjectNode root = tree.root().deepCopy();
        root.remove("variants");
        root.put("name", spec.name() + "." + v.name());
        com.fasterxml.jackson.databind.JsonNode q = tree.root().path("variants").path(index).get("quantization");
        if (q == null) {
            root.remove("quantization");
        } else {
            root.set("quantization", q.deepCopy());
        }
        ExperimentSpec derived = new ExperimentSpec(spec.name() + "." + v.name(), spec.description(), spec.seed(),
                spec.model(), spec.data(), v.quantization(), spec.runtime(), java.util.List.of(), spec.repeat());
        return new ExperimentFile(path, derived, tree.derive(root, "variants[" + index + "].quantization", "quantization"));
    }

    /**
     * This experiment with {@code seed} as its seed and without {@code repeat}: one repeat's run.
     * Its resolved form, and so its run folder, differ from the other seeds'.
     */
    public ExperimentFile withSeed(long seed) {
        com.fasterxml.jackson.databind.node.ObjectNode root = tree.root().deepCopy();
        root.remove("repeat");
        root.put("seed", seed);
        return new ExperimentFile(path, spec.withSeed(seed), tree.derive(root, "repeat", "repeat"));
    }

    /** An error located at a key of this file. */
    public ExperimentException error(String keyPath, String problem) {
        return tree.error(keyPath, problem);
    }
}
