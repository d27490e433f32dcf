package io.labfleet.validation.check;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One step of an expected event sequence, written {@code action}, {@code action[key=value,…]} or alternatives
 * {@code archive-path|export}. Conditions compare an event attribute (or {@code detail}, what follows the
 * action, e.g. the command of {@code exec_start}) with {@code =}, {@code !=} or {@code *=} (contains):
 * {@code die[exitCode!=0]}, {@code kill[signal=9]}, {@code exec_start[detail*=ps]}. The value {@code ^} stands for
 * that attribute of the event that met the previous step: {@code exec_die[execID=^,exitCode=0]} after
 * {@code exec_start[detail*=ping]} is the end of that very command.
 */
public record EventStep(List<Alternative> alternatives) {

    private static final Pattern ALTERNATIVE = Pattern.compile("([a-z_-]+)(?:\\[(.*)])?");
    private static final Pattern CONDITION = Pattern.compile("([A-Za-z0-9_.-]+)\\s*(!=|\\*=|=)\\s*(.*)");

    public record Alternative(String action, List<Condition> conditions) {

        boolean matches(DaemonEvent event, DaemonEvent previous) {
            return action.equals(event.action()) && conditions.stream().allMatch(c -> c.holdsFor(event, previous));
        }

        @Override
        public String toString() {
            return action + (conditions.isEmpty() ? ""
                    : conditions.stream().map(Condition::toString).collect(Collectors.joining(",", "[", "]")));
        }
    }

    public record Condition(String key, String operator, String value) {

        static final String PREVIOUS = "^";

        boolean holdsFor(DaemonEvent event, DaemonEvent previous) {
            String actual = event.value(key);
            String wanted = value;
            if (value.equals(PREVIOUS)) {
                wanted = previous == null ? null : previous.value(key);
                if (wanted == null) {
                    return false;
                }
            }
            return switch (operator) {
                case "=" -> wanted.equals(actual);
                case "!=" -> actual != null && !wanted.equals(actual);
                default -> actual != null && actual.contains(wanted);
            };
        }

        boolean refersToPrevious() {
            return value.equals(PREVIOUS);
        }

        @Override
        public String toString() {
            return key + operator + value;
        }
    }

    public EventStep {
        alternatives = List.copyOf(alternatives);
    }

    /**
     * @throws IllegalArgumentException when the text is not a step
     */
    public static EventStep parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an event step cannot be empty");
        }
        List<Alternative> alternatives = new ArrayList<>();
        for (String alternative : text.split("\\|")) {
            Matcher matcher = ALTERNATIVE.matcher(alternative.trim());
            if (!matcher.matches()) {
                throw new IllegalArgumentException("'" + text + "' is not an event step like die or die[exitCode!=0]");
            }
            List<Condition> conditions = new ArrayList<>();
            if (matcher.group(2) != null) {
                for (String condition : matcher.group(2).split(",")) {
                    Matcher c = CONDITION.matcher(condition.trim());
                    if (!c.matches()) {
                        throw new IllegalArgumentException("'" + condition + "' in '" + text
                                + "' is not a condition like exitCode=0, exitCode!=0 or detail*=ps");
                    }
                    conditions.add(new Condition(c.group(1), c.group(2), c.group(3).trim()));
                }
            }
            alternatives.add(new Alternative(matcher.group(1), conditions));
        }
        return new EventStep(alternatives);
    }

    public boolean matches(DaemonEvent event) {
        return matches(event, null);
    }

    /** Whether the event meets this step, {@code previous} being the event that met the step before (or null). */
    public boolean matches(DaemonEvent event, DaemonEvent previous) {
        return alternatives.stream().anyMatch(a -> a.matches(event, previous));
    }

    /** Whether a condition of this step compares with the event that met the previous step. */
    public boolean refersToPrevious() {
        return alternatives.stream().anyMatch(a -> a.conditions().stream().anyMatch(Condition::refersToPrevious));
    }

    @Override
    public String toString() {
        return alternatives.stream().map(Alternative::toString).collect(Collectors.joining("|"));
    }
}
