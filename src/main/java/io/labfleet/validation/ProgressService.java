package io.labfleet.validation;

import io.labfleet.security.AccessPolicy;
import io.labfleet.security.Caller;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How far learners got: for each learner and lab, the best completed run (most checks passed, the latest
 * among equals). A learner sees their own, an instructor their tenant's, an admin everyone's.
 */
@ApplicationScoped
public class ProgressService {

    /** One learner's standing in one lab. */
    public record Progress(String tenantId, String learnerId, String learnerName, String labId, int total,
                           int bestPassed, boolean completed, String bestRunId, Instant bestRunAt, int runs,
                           Instant lastRunAt) {
    }

    public record Filter(String tenantId, String learnerId, String labId) {
    }

    @Transactional
    public List<Progress> progress(Caller caller, Filter filter) {
        var scope = AccessPolicy.listingScope(caller, filter.tenantId(), filter.learnerId());
        if (scope.nothing()) {
            return List.of();
        }
        List<String> where = new ArrayList<>(List.of("r.state = :completed", "s.id = r.sandboxId"));
        Parameters parameters = Parameters.with("completed", ValidationRun.State.COMPLETED);
        add(where, parameters, "tenantId", scope.tenantId());
        add(where, parameters, "learnerId", scope.ownerId());
        add(where, parameters, "labId", filter.labId());
        var query = ValidationRun.getEntityManager().createQuery(
                "select r, s.learnerName from ValidationRun r, Sandbox s where " + String.join(" and ", where)
                        + " order by r.finishedAt, r.id", Object[].class);
        parameters.map().forEach(query::setParameter);
        List<Object[]> rows = query.getResultList();
        Map<List<String>, List<Object[]>> byLearnerAndLab = new LinkedHashMap<>();
        for (Object[] row : rows) {
            ValidationRun run = (ValidationRun) row[0];
            byLearnerAndLab.computeIfAbsent(List.of(run.tenantId, run.learnerId, run.labId), k -> new ArrayList<>()).add(row);
        }
        return byLearnerAndLab.values().stream().map(ProgressService::standing)
                .sorted(Comparator.comparing(Progress::tenantId).thenComparing(Progress::learnerId)
                        .thenComparing(Progress::labId))
                .toList();
    }

    private static void add(List<String> where, Parameters parameters, String field, String value) {
        if (value != null) {
            where.add("r." + field + " = :" + field);
            parameters.and(field, value);
        }
    }

    /** Rows of one learner and lab, oldest first. */
    private static Progress standing(List<Object[]> rows) {
        ValidationRun best = null;
        String learnerName = null;
        for (Object[] row : rows) {
            ValidationRun run = (ValidationRun) row[0];
            if (best == null || run.passed >= best.passed) {
                best = run;
            }
            learnerName = row[1] == null ? learnerName : (String) row[1];
        }
        ValidationRun last = (ValidationRun) rows.get(rows.size() - 1)[0];
        return new Progress(best.tenantId, best.learnerId, learnerName, best.labId, best.total, best.passed,
                best.total > 0 && best.passed == best.total, best.id, best.finishedAt, rows.size(), last.finishedAt);
    }
}
