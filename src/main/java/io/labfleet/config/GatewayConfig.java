package io.labfleet.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The SSH gateway learners' docker CLIs connect to ({@code labfleet.gateway.*}). */
@ConfigMapping(prefix = "labfleet.gateway")
public interface GatewayConfig {

    /** Host name learners use to reach the gateway; it appears in contexts and in sandbox answers. */
    @WithDefault("localhost")
    String publicHost();

    /** Port learners use to reach the gateway (may differ from the bound port behind a load balancer). */
    @WithDefault("2222")
    int publicPort();
}
