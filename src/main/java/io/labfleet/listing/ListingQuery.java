package io.labfleet.listing;

import io.quarkus.panache.common.Parameters;

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
}
