package io.labfleet.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;

/** The SSH gateway learners' docker CLIs connect to ({@code labfleet.gateway.*}). */
@ConfigMapping(prefix = "labfleet.gateway")
public interface GatewayConfig {

    /** Whether the service runs the SSH gateway at all (a replica may serve only the API). */
    @WithDefault("true")
    boolean enabled();

    /** Host name learners use to reach the gateway; it appears in contexts and in sandbox answers. */
    @WithDefault("localhost")
    String publicHost();

    /**
     * Port learners use to reach the gateway (may differ from the bound port behind a load balancer);
     * 0 means "the port the gateway is bound to", which tests use with a random port.
     */
    @WithDefault("2222")
    int publicPort();

    /** Address the gateway listens on. */
    @WithDefault("0.0.0.0")
    String bindHost();

    /** Port the gateway listens on; 0 picks a free one (tests). */
    @WithDefault("2222")
    int port();

    /**
     * The gateway's private host key (OpenSSH format, ed25519), made on first start and kept: learners'
     * known_hosts stay valid across restarts. Never commit it; every replica behind one address needs the same.
     */
    @WithDefault("data/gateway/ssh_host_ed25519_key")
    Path hostKeyPath();

    /**
     * How long an SSH connection may stay silent before the gateway closes it. Long, so that a quiet
     * {@code docker logs -f} or {@code docker events} survives; the socket read timeout follows it.
     */
    @WithDefault("4h")
    Duration idleTimeout();

    /**
     * How often the gateway sends each connection an ignored message. A shared connection's master (OpenSSH
     * {@code ControlMaster}) closes the channel of a docker command that has ended only once something wakes it:
     * without this, that channel stayed open, and its sandbox counted as in use, until the learner's next command.
     * MINA counts these messages as activity: a silent connection is then closed by the socket read timeout
     * ({@link #idleTimeout()} and a minute), without a goodbye.
     */
    @WithDefault("15s")
    Duration heartbeatInterval();

    /** How long a client has to authenticate once connected. */
    @WithDefault("1m")
    Duration authTimeout();

    /**
     * How often the activity seen on SSH channels is written to the sandboxes' {@code lastActivityAt} (the
     * lifecycle's idle timeout reads it): at most one database write per sandbox and interval.
     */
    @WithDefault("30s")
    Duration activityFlushInterval();

    /**
     * How often the gateway checks that the sandboxes of open SSH sessions are still usable, closing the sessions
     * of those that are not. This replica's own teardowns close sessions at once; the check catches sandboxes
     * ended by another replica (its API or reaper) and expiries.
     */
    @WithDefault("30s")
    Duration sessionCheckInterval();

    /**
     * SSH connections one learner may hold open at once on one replica (shells, {@code docker} commands, tunnels):
     * past it, a new login is closed with a message, so that one learner's forgotten shells cannot use up what
     * other learners need.
     */
    @WithDefault("20")
    int maxConnectionsPerLearner();

    /** Channels (shells, commands, forwarded ports) one SSH connection may have open at once. */
    @WithDefault("32")
    int maxChannelsPerConnection();

    /**
     * How often the gateway checks that the keys open SSH sessions logged in with are still registered, closing the
     * sessions of revoked keys. A key deleted through this replica closes its sessions at once; this bounds how long
     * a session opened on another replica outlives its key. One small query per interval, none while no session is open.
     */
    @WithDefault("2s")
    Duration keyCheckInterval();

    /**
     * The least time between two resizes of a shell's terminal (each is a call to the sandbox's backend): an ssh
     * client's window-change requests within it become one resize to the last size asked for.
     */
    @WithDefault("200ms")
    Duration resizeInterval();
}
