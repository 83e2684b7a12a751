package io.qvit.data;

import io.qvit.data.internal.DatasetChecksum;
import io.qvit.data.internal.LabelsFile;
import io.qvit.data.internal.SynsetTable;
import io.qvit.data.internal.TextLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Labelled image files on disk, in one of three layouts:
 * <ul>
 *   <li>{@link #labelled(Path)}: a folder of images with a {@code labels.txt} listing
 *       {@code <file> <class index>} per line (order of the file);</li>
 *   <li>{@link #classFolders(Path)} / {@link #classFolders(Path, Path)}: torchvision's
 *       {@code ImageFolder} layout, one subfolder per class named by its WordNet id, class indices
 *       in sorted folder order or from a {@code synsets.tsv};</li>
 *   <li>{@link #listed(Path, Path)}: a list file of names (such as {@code calib-32.txt}) of images
 *       in a folder whose {@code labels.txt} gives their labels (order of the list file).</li>
 * </ul>
 * Every listed file must exist when the dataset is opened; errors name the file and line.
 * Decoding happens in {@link #read(int)}, with {@link ImageDecoder}.
 */
public final class FileImageDataset implements ImageDataset {
    /** File name extensions torchvision's {@code ImageFolder} accepts (lowercase). */
    private static final List<String> IMAGE_EXTENSIONS =
            List.of(".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp");

    private final String description;
    private final Path root;
    private final String[] names;
    private final int[] labels;
    private final DatasetChecksum checksum = new DatasetChecksum();

    private FileImageDataset(String description, Path root, List<String> names, List<Integer> labels) {
        this.description = description;
        this.root = root;
        this.names = names.toArray(new String[0]);
        this.labels = labels.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The images of {@code dir} listed in {@code dir/labels.txt}. */
    public static FileImageDataset labelled(Path dir) throws IOException {
        return labelled(dir, dir.resolve("labels.txt"));
    }

    /** The images of {@code dir} listed in {@code labelsFile} ({@code <file> <class index>} per line). */
    public static FileImageDataset labelled(Path dir, Path labelsFile) throws IOException {
        LabelsFile labels = LabelsFile.read(labelsFile);
        List<String> names = new ArrayList<>();
        List<Integer> classes = new ArrayList<>();
        for (LabelsFile.Entry e : labels.entries()) {
            requireFile(dir, e.name(), labelsFile, e.line());
            names.add(e.name());
            classes.add(e.label());
        }
        return new FileImageDataset(dir.toString(), dir, names, classes);
    }

    /**
     * The images named in {@code listFile} (one file name per line, blank lines ignored), found in
     * {@code imageDir} and labelled by {@code imageDir/labels.txt}.
     */
    public static FileImageDataset listed(Path listFile, Path imageDir) throws IOException {
        LabelsFile labels = LabelsFile.read(imageDir.resolve("labels.txt"));
        List<String> lines = TextLines.read(listFile);
        List<String> names = new ArrayList<>();
        List<Integer> classes = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String name = lines.get(i).strip();
            if (name.isEmpty()) {
                continue;
            }
            LabelsFile.Entry e = labels.find(name);
            if (e == null) {
                throw new DatasetFormatException(listFile, i + 1, "'" + name + "' is not listed in " + labels.file());
            }
            requireFile(imageDir, name, listFile, i + 1);
            names.add(name);
            classes.add(e.label());
        }
        return new FileImageDataset(listFile + " in " + imageDir, imageDir, names, classes);
    }

    /**
     * torchvision's {@code ImageFolder}: every subfolder of {@code root} is a class, numbered in
     * sorted name order; its image files (recursively, sorted) are the samples.
     */
    public static FileImageDataset classFolders(Path root) throws IOException {
        List<Path> classDirs = classDirs(root);
        if (classDirs.isEmpty()) {
            throw new DatasetFormatException(root, "no class folders");
        }
        List<String> names = new ArrayList<>();
        List<Integer> classes = new ArrayList<>();
        for (int c = 0; c < classDirs.size(); c++) {
            addImages(root, classDirs.get(c), c, names, classes);
        }
        return new FileImageDataset(root.toString(), root, names, classes);
    }

    /**
     * The class-folder layout with class indices taken from {@code synsetsTsv} (the folder name is
     * the WordNet id); a folder not in the table is an error.
     */
    public static FileImageDataset classFolders(Path root, Path synsetsTsv) throws IOException {
        SynsetTable table = SynsetTable.read(synsetsTsv);
        List<Path> classDirs = classDirs(root);
        if (classDirs.isEmpty()) {
            throw new DatasetFormatException(root, "no class folders");
        }
        List<String> names = new ArrayList<>();
        List<Integer> classes = new ArrayList<>();
        for (Path dir : classDirs) {
            Integer c = table.indexOf(dir.getFileName().toString());
            if (c == null) {
                throw new DatasetFormatException(dir, "class folder " + dir.getFileName() + " is not a WordNet id listed in " + synsetsTsv);
            }
            addImages(root, dir, c, names, classes);
        }
        return new FileImageDataset(root.toString(), root, names, classes);
    }

    private static List<Path> classDirs(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new DatasetFormatException(root, "not a directory");
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        }
    }

    private static void addImages(Path root, Path classDir, int label, List<String> names, List<Integer> classes) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(classDir, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            files = s.filter(Files::isRegularFile)
                    .filter(p -> isImage(p.getFileName().toString()))
                    .sorted(Comparator.comparing((Path p) -> p.getParent().toString())
                            .thenComparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (java.io.UncheckedIOException e) {
            if (e.getCause() instanceof java.nio.file.FileSystemLoopException loop) {
                throw new DatasetFormatException(root, "symbolic link loop: " + loop.getFile()
                        + " links back to a folder that contains it");
            }
            throw new DatasetFormatException(root, "cannot list " + classDir + ": " + e.getCause().getMessage());
        }
        for (Path f : files) {
            names.add(root.relativize(f).toString().replace('\\', '/'));
            classes.add(label);
        }
    }

    private static boolean isImage(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (String ext : IMAGE_EXTENSIONS) {
            if (lower.endsWith(ext)) {
                return true;
            }
        }
        return false;
    }

    private static void requireFile(Path dir, String name, Path listedIn, int line) throws DatasetFormatException {
        Path p;
        try {
            p = dir.resolve(name);
        } catch (java.nio.file.InvalidPathException e) {
            throw new DatasetFormatException(listedIn, line, "'" + name + "' is not a valid file name: " + e.getReason());
        }
        if (!Files.isRegularFile(p)) {
            throw new DatasetFormatException(listedIn, line, "no such image file: " + p);
        }
    }

    @Override
    public int size() {
        return names.length;
    }

    @Override
    public String name(int index) {
        return names[index];
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    /** The path of image {@code index}. */
    public Path path(int index) {
        return root.resolve(names[index]);
    }

    /** The folder image names are relative to. */
    public Path root() {
        return root;
    }

    @Override
    public Image8 read(int index) throws IOException {
        return ImageDecoder.decode(path(index));
    }

    @Override
    public void digestEntry(int index, MessageDigest digest) throws IOException {
        DatasetChecksum.digestHeader(digest, names[index], labels[index]);
        DatasetChecksum.digestFile(digest, path(index));
    }

    @Override
    public String checksum() throws IOException {
        return checksum.get(this);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return "FileImageDataset[" + description + ", " + names.length + " images]";
    }
}
