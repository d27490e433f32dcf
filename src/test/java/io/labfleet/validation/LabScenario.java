package io.labfleet.validation;

import io.labfleet.lab.Lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One way of doing a lab that the tests play against a real sandbox: the reference solution (every check
 * passes), or a variant from {@code variants/} whose {@code # expect:} line says either {@code pass} (another
 * valid way: every check passes) or {@code fail <check-id>…} (a mistake: those checks fail).
 */
public record LabScenario(Lab lab, String name, Path script, Set<String> mustFail) {

    static final String EXPECT = "# expect:";

    public boolean valid() {
        return mustFail.isEmpty();
    }

    public static List<LabScenario> of(Lab lab) {
        List<LabScenario> scenarios = new ArrayList<>();
        scenarios.add(new LabScenario(lab, "solution", lab.solution(), Set.of()));
        Path variants = lab.folder().resolve("variants");
        if (Files.isDirectory(variants)) {
            try (Stream<Path> files = Files.list(variants)) {
                for (Path script : files.filter(f -> f.toString().endsWith(".sh")).sorted().toList()) {
                    scenarios.add(variant(lab, script));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return scenarios;
    }

    private static LabScenario variant(Lab lab, Path script) {
        String name = script.getFileName().toString().replaceFirst("\\.sh$", "");
        String expect;
        try (Stream<String> lines = Files.lines(script)) {
            expect = lines.filter(l -> l.startsWith(EXPECT)).findFirst()
                    .map(l -> l.substring(EXPECT.length()).trim())
                    .orElseThrow(() -> new IllegalStateException(script + " has no '" + EXPECT + "' line"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> words = Arrays.asList(expect.split("\\s+"));
        if (words.equals(List.of("pass"))) {
            return new LabScenario(lab, name, script, Set.of());
        }
        if (!words.get(0).equals("fail") || words.size() < 2) {
            throw new IllegalStateException(script + ": '" + EXPECT + " " + expect
                    + "' must be 'pass' or 'fail <check-id>...'");
        }
        Set<String> mustFail = new LinkedHashSet<>(words.subList(1, words.size()));
        mustFail.stream().filter(id -> lab.check(id).isEmpty()).findFirst().ifPresent(id -> {
            throw new IllegalStateException(script + ": lab " + lab.id() + " has no check '" + id + "'");
        });
        return new LabScenario(lab, name, script, mustFail);
    }

    /** Whether a lab's checks read the daemon's event history, which only a new daemon starts empty. */
    public boolean readsHistory() {
        return lab.checks().stream().anyMatch(c -> c.type().equals("container-events") || c.type().equals("events"));
    }

    /**
     * Whether each script needs a sandbox of its own: a daemon cannot forget its events, and a lab's setup is
     * applied only when its sandbox starts, so emptying a used sandbox would give the next script neither.
     */
    public boolean needsFreshSandbox() {
        return readsHistory() || !lab.setup().isEmpty();
    }

    @Override
    public String toString() {
        return lab.id() + "/" + name;
    }
}
