package io.labfleet.config;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.security.SecureRandom;
import java.time.Clock;

/** Time and ids are injected so that expiry and naming are testable without sleeping or guessing. */
@ApplicationScoped
public class TimeConfig {

    @Produces
    @DefaultBean
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @DefaultBean
    @ApplicationScoped
    IdGenerator idGenerator() {
        SecureRandom random = new SecureRandom();
        String alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        return prefix -> {
            StringBuilder id = new StringBuilder(prefix).append('-');
            for (int i = 0; i < 10; i++) {
                id.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            return id.toString();
        };
    }
}
