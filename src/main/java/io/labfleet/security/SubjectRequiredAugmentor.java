package io.labfleet.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The rule for a token's subject ({@code sub}), in one place. The learner is the subject: a token without one is
 * refused on every endpoint (401, here, at authentication), because falling back to a name such as
 * {@code preferred_username}, which can be renamed and given to someone else, would hand one learner's sandboxes and
 * keys to whoever gets the name next. A subject that cannot serve as a learner id (too long, control characters) is
 * refused where the caller is first used ({@link #subjectOf}, a 403 problem naming the claim, as for the tenant claim).
 */
@ApplicationScoped
public class SubjectRequiredAugmentor implements SecurityIdentityAugmentor {

    /** Learner ids are stored and labelled with, never used as names on their own (those are derived from them). */
    static final int MAX_SUBJECT_LENGTH = 255;
    static final String SUBJECT_RULE = "1 to " + MAX_SUBJECT_LENGTH + " characters without control characters";

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt && isMissing(jwt.getSubject())) {
            return Uni.createFrom().failure(new AuthenticationFailedException("The token has no subject (sub)."));
        }
        return Uni.createFrom().item(identity);
    }

    /**
     * The token's subject, the learner id.
     *
     * @throws InvalidClaimException when it breaks {@link #SUBJECT_RULE} (a token without one never gets this far)
     */
    static String subjectOf(JsonWebToken jwt) {
        String subject = jwt.getSubject();
        if (isMissing(subject) || subject.length() > MAX_SUBJECT_LENGTH
                || subject.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidClaimException("sub", SUBJECT_RULE);
        }
        return subject;
    }

    private static boolean isMissing(String subject) {
        return subject == null || subject.isBlank();
    }
}
