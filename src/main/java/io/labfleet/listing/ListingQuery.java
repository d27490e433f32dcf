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
     * Page {@code page} of {@code size} matching entities in the order of {@code orderBy} (HQL, e.g.
     * {@code "createdAt desc, id"}), with the total, in one statement: each row carries the number of all matches
     * ({@code count(*) over ()}, which the database computes before it cuts the page). Only a page past the end, which
     * holds no row to carry it, costs a second statement ({@link #count}). The entities are read-only: a listing
     * changes nothing, so Hibernate keeps no copy of their state to compare at a flush.
     */
    public <T> ResultPage<T> page(Class<T> entity, String orderBy, int page, int size) {
        Session session = Panache.getSession(entity);
        SelectionQuery<Object[]> select = session.createSelectionQuery(
                "select e, count(*) over () from " + name(session, entity) + " e" + where() + " order by " + orderBy,
                Object[].class);
        parameters.map().forEach(select::setParameter);
        List<Object[]> rows = select.setReadOnly(true).setFirstResult(page * size).setMaxResults(size).getResultList();
        List<T> items = rows.stream().map(row -> entity.cast(row[0])).toList();
        return ResultPage.of(items, page, size, rows.isEmpty() ? null : (Long) rows.get(0)[1], () -> count(entity));
    }

    /**
     * How many entities of {@code entity} match, asked with one HQL statement that Hibernate translates to SQL once
     * and keeps. Panache's counts (a query's {@code count()} and the entity's static {@code count}) ask Hibernate's
     * {@code getResultCount()}, which makes a new count query on every call and translates it again: on the list of a
     * class's sandboxes, a page of 20, that took more CPU than reading the page.
     */
    public long count(Class<?> entity) {
        Session session = Panache.getSession(entity);
        SelectionQuery<Long> count = session.createSelectionQuery(
                "select count(*) from " + name(session, entity) + where(), Long.class);
        parameters.map().forEach(count::setParameter);
        return count.getSingleResult();
    }

    private static String name(Session session, Class<?> entity) {
        return session.getSessionFactory().getMetamodel().entity(entity).getName();
    }

    private String where() {
        return clauses.isEmpty() ? "" : " where " + query();
    }
}
