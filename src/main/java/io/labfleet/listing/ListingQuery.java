package io.labfleet.listing;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.panache.common.Parameters;
import org.hibernate.Session;
import org.hibernate.query.SelectionQuery;

import java.util.ArrayList;
import java.util.List;

/**
 * A listing's query built from optional filters: a condition counts only when its value is given. Shared by the
 * listings of every component (sandboxes, audit entries), so it sits below them all.
 */
public final class ListingQuery {

    private final List<String> clauses = new ArrayList<>();
    private final Parameters parameters = new Parameters();

    /** Adds {@code clause}, which names the parameter {@code :name}, unless {@code value} is null. */
    public ListingQuery and(String clause, String name, Object value) {
        if (value != null) {
            clauses.add(clause);
            parameters.and(name, value);
        }
        return this;
    }

    /** Adds {@code clause}, which names no parameter, always. */
    public ListingQuery and(String clause) {
        clauses.add(clause);
        return this;
    }

    /** The conditions joined with "and"; empty (everything) when no filter was given. */
    public String query() {
        return String.join(" and ", clauses);
    }

    public Parameters parameters() {
        return parameters;
    }

    /**
     * How many entities of {@code entity} match, asked with one HQL statement that Hibernate translates to SQL once
     * and keeps. Panache's counts (a query's {@code count()} and the entity's static {@code count}) ask Hibernate's
     * {@code getResultCount()}, which makes a new count query on every call and translates it again: on the list of a
     * class's sandboxes, a page of 20, that took more CPU than reading the page.
     */
    public long count(Class<?> entity) {
        Session session = Panache.getSession(entity);
        String name = session.getSessionFactory().getMetamodel().entity(entity).getName();
        String where = query();
        SelectionQuery<Long> count = session.createSelectionQuery(
                "select count(*) from " + name + (where.isEmpty() ? "" : " where " + where), Long.class);
        parameters.map().forEach(count::setParameter);
        return count.getSingleResult();
    }
}
