package io.labfleet.validation.check;

import java.util.List;

/**
 * Steps that must appear in this order in one object's events, other events in between allowed: {@code start, die,
 * destroy} is met by {@code docker stop} then {@code docker rm} (… kill, die, stop, destroy) and by
 * {@code docker rm -f} (… kill, die, destroy) alike.
 */
public record EventSequence(List<EventStep> steps) {

    public EventSequence {
        steps = List.copyOf(steps);
    }

    public static EventSequence parse(List<String> steps) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("an event sequence needs at least one step");
        }
        return new EventSequence(steps.stream().map(EventStep::parse).toList());
    }

    /**
     * How many steps, from the first, the events meet in order (taking for each step its earliest event after
     * the previous step's, which finds the longest met prefix). The sequence is met when this is {@code steps().size()}.
     */
    public int metSteps(List<DaemonEvent> eventsOldestFirst) {
        if (steps.stream().anyMatch(EventStep::refersToPrevious)) {
            return longestFrom(0, 0, null, eventsOldestFirst);
        }
        int met = 0;
        for (DaemonEvent event : eventsOldestFirst) {
            if (met == steps.size()) {
                break;
            }
            if (steps.get(met).matches(event)) {
                met++;
            }
        }
        return met;
    }

    /**
     * With a step tied to the event before it ({@code ^}), the earliest candidate is not always the right one (the
     * first {@code ping} may have failed, a later one succeeded): every candidate is tried, until one meets them all.
     */
    private int longestFrom(int step, int from, DaemonEvent previous, List<DaemonEvent> events) {
        if (step == steps.size()) {
            return step;
        }
        int best = step;
        for (int index = from; index < events.size() && best < steps.size(); index++) {
            if (steps.get(step).matches(events.get(index), previous)) {
                best = Math.max(best, longestFrom(step + 1, index + 1, events.get(index), events));
            }
        }
        return best;
    }

    public boolean isMetBy(List<DaemonEvent> eventsOldestFirst) {
        return metSteps(eventsOldestFirst) == steps.size();
    }

    @Override
    public String toString() {
        return String.join(" → ", steps.stream().map(EventStep::toString).toList());
    }
}
