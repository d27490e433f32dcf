package io.labfleet.validation.check;

import io.labfleet.lab.Text;

/**
 * What a check concluded from the facts: what it found, and, when the exercise is not done, what to do (the lab's
 * hint replaces this advice when the lab gives one).
 */
public record Verdict(boolean passed, Text found, Text advice) {

    public static Verdict pass(Text found) {
        return new Verdict(true, found, null);
    }

    public static Verdict fail(Text found, Text advice) {
        return new Verdict(false, found, advice);
    }
}
