package io.labfleet.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one rule for a token's subject: none (or blank) is refused at authentication, on every endpoint; one that
 * cannot be a learner id is refused as an invalid claim; every other is the learner id, unchanged.
 */
class SubjectRequiredAugmentorTest {

    private final SubjectRequiredAugmentor augmentor = new SubjectRequiredAugmentor();

    private static ClaimsJwt jwt(String subject) {
        Map<String, Object> claims = new HashMap<>(Map.of("tenant", "acme"));
        if (subject != null) {
            claims.put("sub", subject);
        }
        return new ClaimsJwt(claims);
    }

    private SecurityIdentity augmented(String subject) {
        return augmentor.augment(QuarkusSecurityIdentity.builder().setPrincipal(jwt(subject)).build(), null)
                .await().indefinitely();
    }

    @Test
    void aTokenWithoutASubjectIsNotAuthenticated() {
        assertThatThrownBy(() -> augmented(null)).isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> augmented(" ")).isInstanceOf(AuthenticationFailedException.class);
        assertThat(augmented("alice").getPrincipal().getName()).isEqualTo("alice");
    }

    @Test
    void aSubjectThatCannotBeALearnerIdIsAnInvalidClaim() {
        String longest = "s".repeat(SubjectRequiredAugmentor.MAX_SUBJECT_LENGTH);
        assertThat(SubjectRequiredAugmentor.subjectOf(jwt(longest))).isEqualTo(longest);
        assertThat(SubjectRequiredAugmentor.subjectOf(jwt("f:3c9e-11/alice"))).isEqualTo("f:3c9e-11/alice");
        for (String subject : new String[]{longest + "s", "al\u0000ice", "alice\n", null}) {
            assertThatThrownBy(() -> SubjectRequiredAugmentor.subjectOf(jwt(subject)))
                    .isInstanceOf(InvalidClaimException.class).hasMessageContaining("sub");
        }
    }
}
