package io.labfleet.security;

import org.junit.jupiter.api.Test;

import static io.labfleet.security.CachedTokenAuthentication.bearerToken;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache is asked only for the token of a plain {@code Bearer <token>} header: whatever else a caller sends around
 * a remembered token is left to OIDC's mechanism, which refuses it or verifies it as it always did.
 */
class CachedTokenAuthenticationTest {

    @Test
    void onlyThePlainBearerFormIsLookedUp() {
        assertThat(bearerToken("Bearer a.b.c")).contains("a.b.c");
        assertThat(bearerToken("bearer a.b.c")).contains("a.b.c");

        assertThat(bearerToken(null)).isEmpty();
        assertThat(bearerToken("Bearer ")).isEmpty();
        assertThat(bearerToken("Bearer")).isEmpty();
        assertThat(bearerToken("Basic a.b.c")).isEmpty();
        assertThat(bearerToken("DPoP a.b.c")).isEmpty();
        assertThat(bearerToken("Bearer  a.b.c")).as("two spaces").isEmpty();
        assertThat(bearerToken("Bearer a.b.c ")).as("trailing space").isEmpty();
        assertThat(bearerToken("Bearer a.b.c\tx")).isEmpty();
        assertThat(bearerToken("Bearer a.b.c Bearer a.b.c")).isEmpty();
        assertThat(bearerToken("Bearera.b.c")).isEmpty();
    }
}
