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
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One way of doing a lab that the tests play against a real sandbox: the reference solution (every check
 * passes), or a variant from {@code variants/} whose {@code # expect:} line says either {@code pass} (another
 * valid way: every check passes) or {@code fail <check-id>…} (a mistake: exactly those checks fail, every other
 * one passes). The variant {@code nothing-done} is a fresh sandbox's state: every lab has one, played first.
 */
public record LabScenario(Lab lab, String name, Path script, Set<String> mustFail) {

    static final String EXPECT = "# expect:";
    static final String NOTHING_DONE = "nothing-done";

    public boolean valid() {
        return mustFail.isEmpty();
    }

    /** The lab's scenarios: what a fresh sandbox must show ({@code nothing-done}), the solution, the variants. */
    public static List<LabScenario> of(Lab lab) {
        Path variants = lab.folder().resolve("variants");
        Path nothingDone = variants.resolve(NOTHING_DONE + ".sh");
        if (!Files.isRegularFile(nothingDone)) {
            throw new IllegalStateException(nothingDone + " is missing: every lab says which checks a fresh sandbox fails");
        }
        List<LabScenario> scenarios = new ArrayList<>();
        scenarios.add(variant(lab, nothingDone));
        scenarios.add(new LabScenario(lab, "solution", lab.solution(), Set.of()));
        try (Stream<Path> files = Files.list(variants)) {
            for (Path script : files.filter(f -> f.toString().endsWith(".sh") && !f.equals(nothingDone)).sorted().toList()) {
                scenarios.add(variant(lab, script));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return scenarios;
    }

    /**
     * Judges a validation run of this scenario on every check of the lab: a check it names must be FAILED with a
     * message that says what was found before the hint; every other check must be PASSED. Returns what differs.
     */
    public List<String> judge(List<Map<String, Object>> results) {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> result : results) {
            String check = (String) result.get("checkId");
            String status = (String) result.get("status");
            String message = String.valueOf(result.get("message"));
            if (!mustFail.contains(check)) {
                if (!"PASSED".equals(status)) {
                    problems.add(this + ": " + check + " is " + status + " but should pass: " + message);
                }
                continue;
            }
            if (!"FAILED".equals(status)) {
                problems.add(this + ": " + check + " should catch this mistake but is " + status + ": " + message);
                continue;
            }
            String hint = lab.check(check).orElseThrow().hint().fr();
            String found = message.endsWith(" " + hint) ? message.substring(0, message.length() - hint.length() - 1) : null;
            if (found == null) {
                problems.add(this + ": " + check + "'s message does not end with its hint: " + message);
            } else if (found.isBlank() || found.strip().equals(hint.strip())) {
                problems.add(this + ": " + check + "'s message does not say what was found: " + message);
            }
        }
        Set<String> judged = new LinkedHashSet<>();
        results.forEach(r -> judged.add((String) r.get("checkId")));
        lab.checks().stream().map(c -> c.id()).filter(id -> !judged.contains(id))
                .forEach(id -> problems.add(this + ": no result for check " + id));
        if (results.size() != lab.checks().size()) {
            problems.add(this + ": " + results.size() + " results for " + lab.checks().size() + " checks");
        }
        return problems;
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
