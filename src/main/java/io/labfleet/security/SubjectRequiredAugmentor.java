package io.labfleet.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Refuses a token without a subject ({@code sub}) on every endpoint: the learner is the subject, and falling back to
 * a name such as {@code preferred_username}, which can be renamed and given to someone else, would hand one
 * learner's sandboxes and keys to whoever gets the name next.
 */
@ApplicationScoped
public class SubjectRequiredAugmentor implements SecurityIdentityAugmentor {

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt && (jwt.getSubject() == null || jwt.getSubject().isBlank())) {
            return Uni.createFrom().failure(new AuthenticationFailedException("The token has no subject (sub)."));
        }
        return Uni.createFrom().item(identity);
    }
}
