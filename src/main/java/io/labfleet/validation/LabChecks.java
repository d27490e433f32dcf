package io.labfleet.validation;

import io.labfleet.lab.CheckDefinition;
import io.labfleet.lab.Lab;
import io.labfleet.lab.LabCatalog;
import io.labfleet.lab.LabCatalogException;
import io.labfleet.validation.check.CheckCompiler;
import io.labfleet.validation.check.CheckParameterException;
import io.labfleet.validation.check.CompiledCheck;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every lab's checks, read once at start-up: a check whose parameters mean nothing stops the service, naming
 * the lab file, the check and the parameter, before any learner meets it.
 */
@Startup
@ApplicationScoped
public class LabChecks {

    private final Map<String, List<CompiledCheck>> byLab = new LinkedHashMap<>();

    LabChecks(LabCatalog catalog) {
        List<String> problems = new ArrayList<>();
        for (Lab lab : catalog.all()) {
            byLab.put(lab.id(), compile(lab, problems));
        }
        if (!problems.isEmpty()) {
            throw new LabCatalogException(String.join("; ", problems));
        }
    }

    /** The lab's checks, compiled; collects what is wrong in {@code problems}. */
    public static List<CompiledCheck> compile(Lab lab, List<String> problems) {
        CheckCompiler compiler = new CheckCompiler();
        List<CompiledCheck> checks = new ArrayList<>();
        for (CheckDefinition definition : lab.checks()) {
            try {
                checks.add(compiler.compile(definition));
            } catch (CheckParameterException e) {
                Path file = lab.folder().resolve("lab.yaml");
                problems.add(file + ": check " + definition.id() + " (" + definition.type() + "): " + e.getMessage());
            }
        }
        return List.copyOf(checks);
    }

    public List<CompiledCheck> of(String labId) {
        return byLab.getOrDefault(labId, List.of());
    }
}
