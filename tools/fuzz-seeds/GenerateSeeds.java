import java.nio.file.Path;

/**
 * Writes the committed seed corpora of the Jazzer fuzz tests (docs/fuzzing.md) into the test
 * resources of each module, under Jazzer's {@code <package>/<TestClass>Inputs/<method>/} layout.
 * Every seed is built here from the format's specification: no third-party file is copied. Run
 * from the repository root with {@code tools/fuzz-seeds/generate.sh}.
 */
public final class GenerateSeeds {
    private GenerateSeeds() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Seeds.root(args);
        SafetensorsSeeds.generate(root);
        PickleSeeds.generate(root);
        NpySeeds.generate(root);
        JpegSeeds.generate(root);
        IdxSeeds.generate(root);
        TextSeeds.generate(root);
    }
}
