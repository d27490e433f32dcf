package io.labfleet.validation.check;

import io.labfleet.lab.Text;

/** The result of one check, with a message for the learner in French and English. */
public record CheckOutcome(CheckStatus status, Text message) {

    public static CheckOutcome error(Text message) {
        return new CheckOutcome(CheckStatus.ERROR, message);
    }
}
