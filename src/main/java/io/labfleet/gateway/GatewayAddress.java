package io.labfleet.gateway;

import io.labfleet.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.KeyPair;

/**
 * Where learners reach the SSH gateway and which host key it shows, as the API hands them out: known on every
 * replica, whether or not this one runs the gateway or has bound it yet. The host key file is made on first
 * use if missing, so a replica serving only the API hands out the same key the gateway replicas load.
 */
@ApplicationScoped
public class GatewayAddress {

    private final GatewayConfig config;
    private volatile KeyPair hostKey;
    private volatile int boundPort;

    GatewayAddress(GatewayConfig config) {
        this.config = config;
    }

    /** Host name learners connect to. */
    public String host() {
        return config.publicHost();
    }

    /**
     * The port learners connect to: the configured public port; when that is 0, the port this replica's gateway
     * is bound to, or the configured listening port while it is not bound (disabled, or still starting).
     */
    public int port() {
        if (config.publicPort() != 0) {
            return config.publicPort();
        }
        int bound = boundPort;
        return bound != 0 ? bound : config.port();
    }

    /** The host key as an OpenSSH public key line: {@code ssh-ed25519 AAAA...}. */
    public String hostKeyLine() {
        return HostKeyStore.publicKeyLine(hostKey());
    }

    KeyPair hostKey() {
        KeyPair loaded = hostKey;
        if (loaded == null) {
            synchronized (this) {
                if (hostKey == null) {
                    // The key may be read before the gateway starts (an API-only replica, a test): the same
                    // stale-provider guard as the gateway's start applies here.
                    BouncyCastleProviders.beforeStart();
                    hostKey = HostKeyStore.loadOrCreate(config.hostKeyPath());
                }
                loaded = hostKey;
            }
        }
        return loaded;
    }

    /** Told by the gateway once it listens, and with 0 when it stops. */
    void bound(int port) {
        boundPort = port;
    }
}
