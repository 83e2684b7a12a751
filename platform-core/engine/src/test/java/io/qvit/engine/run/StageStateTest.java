package io.qvit.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #21: {@code --out DIR} whose {@code DIR/state/} held the user's files lost them all,
 * because clearing the stage state deleted the folder recursively. Only qvit's own stage files
 * may go; the folder only when qvit created it and it is empty.
 */
class StageStateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void clearingKeepsTheUsersFilesAndFoldersInAStateFolderItDidNotCreate() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve("notes.txt"), "mine");
        Files.writeString(state.resolve("quantized_eval.a.json"), "{\"mine\": true}");
        Files.createDirectories(state.resolve("sub")).resolve("data.bin").toFile().createNewFile();
        StageState s = new StageState(state, "h1", JSON);
        s.save("quantized_eval.a", IntNode.valueOf(7));
        assertEquals(7, s.load("quantized_eval.a").asInt());
        s.clear();
        assertNull(s.load("quantized_eval.a"));
        assertEquals("mine", Files.readString(state.resolve("notes.txt")));
        assertEquals("{\"mine\": true}", Files.readString(state.resolve("quantized_eval.a.json")));
        assertTrue(Files.exists(state.resolve("sub/data.bin")), "the user's subfolder stays");
        assertTrue(Files.notExists(state.resolve(StageState.MARKER)), "qvit did not create this folder");
    }

    @Test
    void aStateFolderQvitCreatedIsRemovedWhenItIsEmptyAgain() throws Exception {
        Path state = dir.resolve("state");
        StageState s = new StageState(state, "h1", JSON);
        s.save("integer_eval.b", IntNode.valueOf(1));
        assertTrue(Files.exists(state.resolve(StageState.MARKER)));
        s.clear();
        assertTrue(Files.notExists(state), "qvit's own empty state folder is removed");
    }

    @Test
    void aFileTheUserAddedToQvitsStateFolderKeepsTheFolder() throws Exception {
        Path state = dir.resolve("state");
        StageState s = new StageState(state, "h1", JSON);
        s.save("integer_eval.b", IntNode.valueOf(1));
        Files.writeString(state.resolve("keep.txt"), "mine");
        s.clear();
        assertEquals("mine", Files.readString(state.resolve("keep.txt")));
    }

    @Test
    void stateOfAnotherConfigOrADamagedFileIsIgnored() throws Exception {
        StageState s = new StageState(dir.resolve("state"), "h1", JSON);
        s.save("x", IntNode.valueOf(1));
        assertNull(new StageState(dir.resolve("state"), "h2", JSON).load("x"));
        Files.writeString(dir.resolve("state/x" + StageState.SUFFIX), "{\"config_hash\": \"h1\", \"res");
        assertNull(s.load("x"));
    }
}
