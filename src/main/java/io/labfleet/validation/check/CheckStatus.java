package io.labfleet.validation.check;

/** How one check ended: the exercise is done (PASSED), not done (FAILED), or it could not be told (ERROR). */
public enum CheckStatus {
    PASSED, FAILED, ERROR
}
