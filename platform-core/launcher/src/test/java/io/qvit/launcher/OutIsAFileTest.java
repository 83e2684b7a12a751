package io.qvit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #21: {@code qvit run FILE --out afile} printed {@code run failed: /path/afile} and exited
 * 1. It is bad input: one clear line naming the option and the path, exit 2.
 */
class OutIsAFileTest {
    @TempDir
    Path home;

    @Test
    void anOutThatIsAFileIsOneLineAndExitTwo() throws Exception {
        Path exp = Files.writeString(home.resolve("e.yaml"), """
                name: e
                model: {weights: "w.safetensors"}
                data:
                  evaluation:
                    - {name: a, images: a}
                """);
        Path afile = Files.writeString(home.resolve("afile"), "keep me");
        CliRun r = CliRun.run(home, "run", exp.toString(), "--out", afile.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals("qvit: --out " + afile + " is a file, not a folder; choose another --out", r.err().strip());
        assertEquals("keep me", Files.readString(afile));
    }
}
