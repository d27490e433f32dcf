package io.labfleet.security;

import io.labfleet.config.LabfleetConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Refuses to start a production service with the dev login on: it would accept passwords from a file. */
@ApplicationScoped
public class DevLoginGuard {

    private static final Logger LOG = Logger.getLogger(DevLoginGuard.class);

    void check(@Observes StartupEvent event, LabfleetConfig config) {
        verify(LaunchMode.current(), config.devLogin().enabled());
    }

    static void verify(LaunchMode mode, boolean devLoginEnabled) {
        if (!devLoginEnabled) {
            return;
        }
        if (mode == LaunchMode.NORMAL) {
            throw new IllegalStateException("labfleet.dev-login.enabled=true is for development only and is refused "
                    + "in production: configure OIDC (quarkus.oidc.auth-server-url) and remove the dev login.");
        }
        LOG.warn("DEV LOGIN ENABLED: HTTP Basic users from a file are accepted. Never use this outside development.");
    }
}
