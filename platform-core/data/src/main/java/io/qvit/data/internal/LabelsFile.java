package io.qvit.data.internal;

import io.qvit.data.DatasetFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code labels.txt}: one {@code <file name> <class index>} per line. File names may contain
 * spaces and apostrophes, so a line is split at its last run of whitespace. Blank lines are
 * ignored; anything else malformed, a negative index or a repeated name is an error naming the
 * file and line.
 */
public final class LabelsFile {
    /** One line: the file name, its class index and the 1-based line it came from. */
    public record Entry(String name, int label, int line) {
    }

    private final Path file;
    private final List<Entry> entries;
    private final Map<String, Entry> byName;

    private LabelsFile(Path file, List<Entry> entries, Map<String, Entry> byName) {
        this.file = file;
        this.entries = entries;
        this.byName = byName;
    }

    /** Parses {@code file}. */
    public static LabelsFile read(Path file) throws IOException {
        List<String> lines = TextLines.read(file);
        List<Entry> entries = new ArrayList<>(lines.size());
        Map<String, Entry> byName = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            int cut = line.length() - 1;
            while (cut >= 0 && !Character.isWhitespace(line.charAt(cut))) {
                cut--;
            }
            if (cut < 0) {
                throw new DatasetFormatException(file, lineNo, "expected '<file> <class index>', got '" + line + "'");
            }
            String labelText = line.substring(cut + 1);
            String name = line.substring(0, cut).stripTrailing();
            int label;
            try {
                label = Integer.parseInt(labelText);
            } catch (NumberFormatException e) {
                throw new DatasetFormatException(file, lineNo, "class index '" + labelText + "' is not an integer in '" + line + "'");
            }
            if (label < 0) {
                throw new DatasetFormatException(file, lineNo, "negative class index " + label);
            }
            Entry e = new Entry(name, label, lineNo);
            Entry previous = byName.putIfAbsent(name, e);
            if (previous != null) {
                throw new DatasetFormatException(file, lineNo, "'" + name + "' is listed twice (first on line " + previous.line() + ")");
            }
            entries.add(e);
        }
        return new LabelsFile(file, Collections.unmodifiableList(entries), byName);
    }

    /** The file that was parsed. */
    public Path file() {
        return file;
    }

    /** The entries in file order. */
    public List<Entry> entries() {
        return entries;
    }

    /** The entry for a file name, or null. */
    public Entry find(String name) {
        return byName.get(name);
    }
}
