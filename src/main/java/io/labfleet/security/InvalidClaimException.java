package io.labfleet.security;

/** A token's claim that Labfleet cannot use as it is: the answer names the claim and the rule it breaks. */
public class InvalidClaimException extends RuntimeException {

    public InvalidClaimException(String claim, String rule) {
        super("Your token's '" + claim + "' claim must be " + rule + ": ask your administrator to correct it.");
    }
}
