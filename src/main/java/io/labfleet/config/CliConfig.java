package io.labfleet.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The learner's command-line tool, {@code labfleet} ({@code labfleet.cli.*}): how it logs in. It logs in at the
 * realm named by {@code labfleet.console.auth-server-url} (the realm as learners' machines reach it), with the OAuth
 * 2.0 device authorization grant.
 */
@ConfigMapping(prefix = "labfleet.cli")
public interface CliConfig {

    /** The public Keycloak client the CLI logs in with; it must allow the device authorization grant. */
    @WithDefault("labfleet-cli")
    String clientId();
}
