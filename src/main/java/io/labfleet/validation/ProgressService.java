package io.labfleet.validation;

import io.labfleet.listing.ResultPage;
import io.labfleet.security.AccessPolicy;
import io.labfleet.security.Caller;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

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

    /**
     * One page of standings, ordered by tenant, learner and lab. Only the runs of the page's tenants, learners and
     * labs are read from the database, whatever the number of runs in the tenant (a learner's id alone would also
     * read the runs of a namesake in another tenant and of labs off the page).
     */
    @Transactional
    public ResultPage<Progress> progress(Caller caller, Filter filter, int page, int size) {
        var scope = AccessPolicy.listingScope(caller, filter.tenantId(), filter.learnerId());
        if (scope.nothing()) {
            return ResultPage.empty(page, size);
        }
        List<String> where = new ArrayList<>(List.of("r.state = :completed"));
        Parameters parameters = Parameters.with("completed", ValidationRun.State.COMPLETED);
        add(where, parameters, "tenantId", scope.tenantId());
        add(where, parameters, "learnerId", scope.ownerId());
        add(where, parameters, "labId", filter.labId());
        var em = ValidationRun.getEntityManager();
        String groups = " from ValidationRun r where " + String.join(" and ", where);
        var count = em.createQuery("select count(distinct concat(r.tenantId, '/', r.learnerId, '/', r.labId))" + groups,
                Long.class);
        parameters.map().forEach(count::setParameter);
        long total = count.getSingleResult();
        var pageQuery = em.createQuery("select r.tenantId, r.learnerId, r.labId" + groups
                + " group by r.tenantId, r.learnerId, r.labId order by r.tenantId, r.learnerId, r.labId", Object[].class);
        parameters.map().forEach(pageQuery::setParameter);
        Set<List<String>> keys = new LinkedHashSet<>();
        for (Object[] key : pageQuery.setFirstResult(page * size).setMaxResults(size).getResultList()) {
            keys.add(List.of((String) key[0], (String) key[1], (String) key[2]));
        }
        if (keys.isEmpty()) {
            return new ResultPage<>(List.of(), page, size, total);
        }
        where.add("s.id = r.sandboxId");
        where.add("r.tenantId in :tenants and r.learnerId in :learners and r.labId in :labs");
        parameters.and("tenants", keys.stream().map(k -> k.get(0)).collect(Collectors.toSet()))
                .and("learners", keys.stream().map(k -> k.get(1)).collect(Collectors.toSet()))
                .and("labs", keys.stream().map(k -> k.get(2)).collect(Collectors.toSet()));
        var query = em.createQuery("select r, s.learnerName from ValidationRun r, Sandbox s where "
                + String.join(" and ", where) + " order by r.finishedAt, r.id", Object[].class);
        parameters.map().forEach(query::setParameter);
        Map<List<String>, List<Object[]>> byLearnerAndLab = new LinkedHashMap<>();
        keys.forEach(key -> byLearnerAndLab.put(key, new ArrayList<>()));
        for (Object[] row : query.getResultList()) {
            ValidationRun run = (ValidationRun) row[0];
            List<Object[]> rows = byLearnerAndLab.get(List.of(run.tenantId, run.learnerId, run.labId));
            if (rows != null) {
                rows.add(row);
            }
        }
        return new ResultPage<>(byLearnerAndLab.values().stream().filter(rows -> !rows.isEmpty())
                .map(ProgressService::standing).toList(), page, size, total);
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
