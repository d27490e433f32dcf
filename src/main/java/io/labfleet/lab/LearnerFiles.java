package io.labfleet.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files a learner works on, as {@code lab.yaml} declares them under {@code files} (an app's sources, a compose
 * file): the whole of a declared folder, nothing undeclared. Never the tests' scripts: {@code solution.sh},
 * {@code variants/} and what those scripts source (e.g. {@code prepare.sh}); the catalog refuses a declaration that
 * names or contains one, a symbolic link, or a path leaving the lab's folder. Plain Java over the lab's folder.
 */
public final class LearnerFiles {

    /** Largest total size of one lab's learner files: they are sources to read, not data sets. */
    static final long MAX_TOTAL_BYTES = 8L * 1024 * 1024;
    static final String VARIANTS_FOLDER = "variants";
    /** {@code . ./prepare.sh} or {@code source prepare.sh} at the start of a script line. */
    private static final Pattern SOURCED = Pattern.compile("(?m)^\\s*(?:\\.|source)\\s+\"?(?:\\./)?([A-Za-z0-9_./-]+)\"?");

    /**
     * One entry of the archive, its path relative to the lab's folder ({@code app/index.js}, {@code app/} for a
     * folder).
     */
    public record Entry(String path, boolean directory, boolean executable, byte[] content) {
    }

    private LearnerFiles() {
    }

    /** The declared files and folders with everything under them, parents first, in name order. */
    public static List<Entry> read(Lab lab) {
        TreeMap<String, Entry> entries = new TreeMap<>();
        Path root = lab.folder().toAbsolutePath().normalize();
        for (String declared : lab.files()) {
            Path start = root.resolve(declared).normalize();
            for (Path parent = start.getParent(); !parent.equals(root); parent = parent.getParent()) {
                entries.putIfAbsent(name(root, parent, true), new Entry(name(root, parent, true), true, false, new byte[0]));
            }
            for (Path path : walk(start)) {
                boolean directory = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
                String name = name(root, path, directory);
                entries.putIfAbsent(name, new Entry(name, directory, !directory && Files.isExecutable(path),
                        directory ? new byte[0] : bytes(path)));
            }
        }
        return List.copyOf(entries.values());
    }

    /** What is wrong with the {@code files} declaration of the lab in {@code folder}; empty when nothing. */
    static List<String> problems(Path folder, List<String> declared) {
        List<String> problems = new ArrayList<>();
        Path root = folder.toAbsolutePath().normalize();
        Set<Path> testScripts = testScripts(root);
        long total = 0;
        for (String path : declared) {
            String where = "files: '" + path + "'";
            if (path == null || path.isBlank() || path.startsWith("/") || path.contains("\\")
                    || Stream.of(path.split("/")).anyMatch(part -> part.equals("..") || part.equals("."))) {
                problems.add(where + " must be a path inside the lab's folder, like app/ or docker-compose.yml");
                continue;
            }
            Path start = root.resolve(path).normalize();
            if (!Files.exists(start, LinkOption.NOFOLLOW_LINKS)) {
                problems.add(where + " does not exist");
                continue;
            }
            if (start.equals(root.resolve(LabCatalogLoader.METADATA_FILE))) {
                problems.add(where + " is the lab's metadata, not learner material");
            }
            for (Path inside : walk(start)) {
                if (Files.isSymbolicLink(inside)) {
                    problems.add(where + " holds a symbolic link, " + root.relativize(inside) + ", which is never served");
                } else if (testScripts.stream().anyMatch(inside::startsWith)) {
                    problems.add(where + " holds " + root.relativize(inside)
                            + ", a script of the tests (solution, variant or what they source), which is never served");
                } else if (Files.isRegularFile(inside)) {
                    total += size(inside);
                }
            }
        }
        if (total > MAX_TOTAL_BYTES) {
            problems.add("files: " + total + " bytes in all, more than the " + MAX_TOTAL_BYTES + " a lab may hand out");
        }
        return problems;
    }

    /** The tests' scripts of a lab: its solution, its variants folder, and every file one of them sources. */
    static Set<Path> testScripts(Path root) {
        Set<Path> scripts = new HashSet<>();
        scripts.add(root.resolve(LabCatalogLoader.SOLUTION_FILE));
        scripts.add(root.resolve(VARIANTS_FOLDER));
        for (Path script : walk(root)) {
            boolean isTestScript = script.equals(root.resolve(LabCatalogLoader.SOLUTION_FILE))
                    || script.startsWith(root.resolve(VARIANTS_FOLDER));
            if (isTestScript && Files.isRegularFile(script, LinkOption.NOFOLLOW_LINKS)) {
                Matcher sourced = SOURCED.matcher(new String(bytes(script), java.nio.charset.StandardCharsets.UTF_8));
                while (sourced.find()) {
                    scripts.add(root.resolve(sourced.group(1)).normalize());
                }
            }
        }
        return scripts;
    }

    private static String name(Path root, Path path, boolean directory) {
        String name = root.relativize(path).toString();
        return directory ? name + "/" : name;
    }

    private static List<Path> walk(Path start) {
        if (!Files.exists(start, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(start)) {
            return paths.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
