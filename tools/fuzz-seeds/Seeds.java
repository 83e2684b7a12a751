import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Shared by the seed generators: writes one seed file into a Jazzer inputs folder. */
final class Seeds {
    private Seeds() {
    }

    /** The inputs folder {@code <module>/src/test/resources/<package>/<TestClass>Inputs/<method>} under {@code root}. */
    static Path dir(Path root, String module, String pkg, String testClass, String method) throws IOException {
        return Files.createDirectories(root.resolve(module).resolve("src/test/resources")
                .resolve(pkg.replace('.', '/')).resolve(testClass + "Inputs").resolve(method));
    }

    static void write(Path dir, String name, byte[] content) throws IOException {
        Files.write(dir.resolve(name), content);
    }

    static void write(Path dir, String name, String content) throws IOException {
        write(dir, name, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static Path root(String[] args) {
        return Path.of(args.length > 0 ? args[0] : ".");
    }
}
