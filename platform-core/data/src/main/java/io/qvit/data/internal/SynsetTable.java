package io.qvit.data.internal;

import io.qvit.data.DatasetFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code synsets.tsv}: {@code <class index> TAB <WordNet id> [TAB <name>]} per line, with an
 * optional header line whose first field is not a number. Maps WordNet ids to class indices.
 */
public final class SynsetTable {
    private final Path file;
    private final Map<String, Integer> indexByWnid;

    private SynsetTable(Path file, Map<String, Integer> indexByWnid) {
        this.file = file;
        this.indexByWnid = indexByWnid;
    }

    /** Parses {@code file}. */
    public static SynsetTable read(Path file) throws IOException {
        List<String> lines = TextLines.read(file);
        Map<String, Integer> map = new HashMap<>();
        Map<Integer, Integer> lineOfIndex = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length < 2) {
                throw new DatasetFormatException(file, lineNo, "expected '<index>\\t<wnid>[\\t<name>]', got '" + line + "'");
            }
            int index;
            try {
                index = Integer.parseInt(f[0].strip());
            } catch (NumberFormatException e) {
                if (map.isEmpty() && lineOfIndex.isEmpty()) {
                    continue; // header line
                }
                throw new DatasetFormatException(file, lineNo, "class index '" + f[0] + "' is not an integer");
            }
            if (index < 0) {
                throw new DatasetFormatException(file, lineNo, "negative class index " + index);
            }
            String wnid = f[1].strip();
            Integer before = lineOfIndex.putIfAbsent(index, lineNo);
            if (before != null) {
                throw new DatasetFormatException(file, lineNo, "class index " + index + " repeated (first on line " + before + ")");
            }
            if (map.putIfAbsent(wnid, index) != null) {
                throw new DatasetFormatException(file, lineNo, "WordNet id " + wnid + " listed twice");
            }
        }
        if (map.isEmpty()) {
            throw new DatasetFormatException(file, "no classes listed");
        }
        return new SynsetTable(file, map);
    }

    /** The file that was parsed. */
    public Path file() {
        return file;
    }

    /** The class index of WordNet id {@code wnid}, or null. */
    public Integer indexOf(String wnid) {
        return indexByWnid.get(wnid);
    }
}
