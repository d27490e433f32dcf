package io.labfleet.security;

import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Map;
import java.util.Set;

/** A token's principal made of the given claims, as OIDC would give it after verification. */
record ClaimsJwt(Map<String, Object> claims) implements JsonWebToken {

    @Override
    public String getName() {
        return (String) claims.get("sub");
    }

    @Override
    public Set<String> getClaimNames() {
        return claims.keySet();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getClaim(String claimName) {
        return (T) claims.get(claimName);
    }
}
