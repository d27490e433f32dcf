package io.labfleet.gateway;

import io.labfleet.commons.ServiceThreads;
import io.labfleet.config.GatewayConfig;
import io.labfleet.provisioner.ActiveBackend;
import io.labfleet.provisioner.SandboxProvisioner;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionHeartbeatController;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.forward.ForwardingFilter;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The SSH gateway (Apache MINA SSHD), started and stopped with the service. The SSH user names a sandbox;
 * once its learner's key is accepted, {@code docker system dial-stdio} pipes to the sandbox's daemon, a
 * shell or any other command runs inside the sandbox, and {@code ssh -L} reaches the sandbox's ports. Every
 * channel checks the sandbox again, and sessions end with their sandbox ({@link SandboxSessions}).
 * Everything else (passwords, remote/agent/X11 forwarding, subsystems) is refused and counted.
 */
@ApplicationScoped
public class SshGateway {

    private static final Logger LOG = Logger.getLogger(SshGateway.class);

    /** The sandbox a session logged into; set once its key is accepted. */
    static final AttributeKey<SandboxRoute> SANDBOX = new AttributeKey<>();
    private static final AttributeKey<Boolean> COUNTED = new AttributeKey<>();

    private final GatewayConfig config;
    private final SandboxDirectory directory;
    private final GatewayMetrics metrics;
    private final SandboxActivity activity;
    private final SandboxProvisioner provisioner;
    private final SandboxSessions sessions;
    private final GatewayAddress address;
    private final Clock clock;
    private final ServiceThreads threads;
    private volatile SshServer server;
    private ExecutorService executor;
    private ScheduledExecutorService timer;

    SshGateway(GatewayConfig config, SandboxDirectory directory, GatewayMetrics metrics, SandboxActivity activity,
               @ActiveBackend SandboxProvisioner provisioner, SandboxSessions sessions, GatewayAddress address, Clock clock,
               ServiceThreads threads) {
        this.config = config;
        this.directory = directory;
        this.metrics = metrics;
        this.activity = activity;
        this.provisioner = provisioner;
        this.sessions = sessions;
        this.address = address;
        this.clock = clock;
        this.threads = threads;
    }

    void start(@Observes StartupEvent event) throws IOException {
        if (!config.enabled()) {
            LOG.info("SSH gateway disabled (labfleet.gateway.enabled=false)");
            return;
        }
        BouncyCastleProviders.beforeStart();
        KeyPair hostKey = address.hostKey();
        executor = threads.cachedPool("ssh-gateway");
        timer = threads.scheduler("ssh-gateway-timer");
        Refusals refusals = new Refusals(metrics);
        GatewayRuntime runtime = new GatewayRuntime(executor, timer, metrics, activity, provisioner, sessions, refusals,
                config.resizeInterval());
        GatewayAuthentication authentication = new GatewayAuthentication(directory, refusals, clock);

        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost(config.bindHost());
        sshd.setPort(config.port());
        sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        // OpenSSH 9.x clients prefer sntrup761x25519, which costs ~170 ms of CPU per connection in Java, and the
        // docker CLI opens a connection per command: offered, it doubled `docker --context` latency (bench/context).
        // Clients then pick mlkem768x25519 (OpenSSH >= 9.9) or curve25519.
        sshd.setKeyExchangeFactories(sshd.getKeyExchangeFactories().stream()
                .filter(exchange -> !exchange.getName().startsWith("sntrup761")).toList());
        sshd.setPublickeyAuthenticator(authentication);
        sshd.setUserAuthFactories(List.of(new UserAuthPublicKeyFactory()));
        CoreModuleProperties.AUTH_TIMEOUT.set(sshd, config.authTimeout());
        // A quiet `docker logs -f` sends nothing for as long as the container logs nothing: the idle timeout
        // is long, the socket read timeout a little longer (so the orderly idle close comes first), and a
        // client that stops reading may hold a write for as long.
        CoreModuleProperties.IDLE_TIMEOUT.set(sshd, config.idleTimeout());
        CoreModuleProperties.NIO2_READ_TIMEOUT.set(sshd, config.idleTimeout().plusMinutes(1));
        CoreModuleProperties.WAIT_FOR_SPACE_TIMEOUT.set(sshd, config.idleTimeout());
        CoreModuleProperties.MAX_CONCURRENT_CHANNELS.set(sshd, config.maxChannelsPerConnection());
        // An OpenSSH ControlMaster sends the EOF of a channel whose client (one docker command) has exited only when
        // something else wakes it up: without a message from the gateway the channel stayed open until the learner's
        // next command, counted as activity, and kept an unused sandbox from its idle timeout and its suspension.
        // An ignored message every few seconds wakes it. MINA counts what it sends as activity too, so its own idle
        // timeout no longer ends a silent connection; the socket read timeout (idle timeout + 1 min) still does.
        sshd.setSessionHeartbeat(SessionHeartbeatController.HeartbeatType.IGNORE, config.heartbeatInterval());
        // Docker's API over dial-stdio is question and answer in small writes: with Nagle's algorithm a small write
        // after another could wait for the client's delayed ACK (up to 40 ms on Linux) before it left.
        CoreModuleProperties.TCP_NODELAY.set(sshd, true);
        sshd.setChannelFactories(List.of(
                channelFactory("session", () -> new GatewayChannelSession(runtime)),
                channelFactory(SandboxPortChannel.TYPE, () -> new SandboxPortChannel(runtime))));
        sshd.setCommandFactory((channel, commandLine) -> command(channel, runtime, commandLine));
        sshd.setShellFactory(channel -> new SandboxShellCommand(sandboxOf(channel), runtime, null));
        sshd.setSubsystemFactories(List.of());
        sshd.setServiceFactories(List.of(new GatewayUserAuthService.Factory(refusals), new GatewayConnectionService.Factory()));
        sshd.setForwardingFilter(forwardingFilter(refusals));
        sshd.addSessionListener(sessionTracker());
        sshd.start();
        server = sshd;
        address.bound(boundPort());
        LOG.infof("SSH gateway listening on %s:%d (public address %s:%d), host key %s", config.bindHost(), boundPort(),
                address.host(), address.port(), HostKeyStore.fingerprint(hostKey));
    }

    void stop(@Observes ShutdownEvent event) throws IOException, InterruptedException {
        SshServer running = server;
        if (running == null) {
            return;
        }
        server = null;
        address.bound(0);
        running.stop(true);
        timer.shutdownNow();
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
        BouncyCastleProviders.afterStop();
        LOG.info("SSH gateway stopped");
    }

    /** The port the gateway listens on (the configured one, or the one picked when configured as 0). */
    public int boundPort() {
        SshServer running = requireRunning();
        return running.getBoundAddresses().stream().filter(InetSocketAddress.class::isInstance)
                .map(address -> ((InetSocketAddress) address).getPort()).findFirst().orElse(running.getPort());
    }

    private SshServer requireRunning() {
        SshServer running = server;
        if (running == null) {
            throw new IllegalStateException("The SSH gateway is not running (labfleet.gateway.enabled=false?)");
        }
        return running;
    }

    private static Command command(ChannelSession channel, GatewayRuntime runtime, String commandLine) {
        SandboxRoute sandbox = sandboxOf(channel);
        if (RemoteCommand.isDockerDialStdio(commandLine)) {
            return new DockerDialStdioCommand(sandbox, runtime);
        }
        return new SandboxShellCommand(sandbox, runtime, commandLine);
    }

    private static SandboxRoute sandboxOf(ChannelSession channel) {
        SandboxRoute sandbox = channel.getSession().getAttribute(SANDBOX);
        if (sandbox == null) {
            throw new UncheckedIOException(new IOException("session is not logged into a sandbox"));
        }
        return sandbox;
    }

    private static ChannelFactory channelFactory(String type, java.util.function.Supplier<Channel> channels) {
        return new ChannelFactory() {
            @Override
            public String getName() {
                return type;
            }

            @Override
            public Channel createChannel(Session session) {
                return channels.get();
            }
        };
    }

    /**
     * Agent and X11 forwarding and remote forwarding ({@code ssh -R}) are refused; local forwarding does not
     * go through MINA's forwarder at all (see {@link SandboxPortChannel}), so nothing may connect through it.
     */
    private static ForwardingFilter forwardingFilter(Refusals refusals) {
        return new ForwardingFilter() {
            @Override
            public boolean canForwardAgent(Session session, String requestType) {
                return false;
            }

            @Override
            public boolean canForwardX11(Session session, String requestType) {
                return false;
            }

            @Override
            public boolean canListen(SshdSocketAddress address, Session session) {
                SandboxRoute sandbox = session.getAttribute(SANDBOX);
                refusals.record(session, sandbox == null ? "?" : sandbox.sandboxId(), new Refusal(
                        RefusalReason.REMOTE_FORWARDING, "labfleet: remote forwarding (ssh -R) is not available."));
                return false;
            }

            @Override
            public boolean canConnect(Type type, SshdSocketAddress address, Session session) {
                return false;
            }
        };
    }

    /** Counts logged-in sessions, and hands them to {@link SandboxSessions}, which closes them with their sandbox. */
    private SessionListener sessionTracker() {
        return new SessionListener() {
            @Override
            public void sessionEvent(Session session, Event event) {
                if (event == Event.Authenticated && session.setAttribute(COUNTED, Boolean.TRUE) == null) {
                    metrics.sessionOpened();
                    sessions.loggedIn(session, session.getAttribute(SANDBOX), timer);
                }
            }

            @Override
            public void sessionClosed(Session session) {
                if (session.removeAttribute(COUNTED) != null) {
                    metrics.sessionClosed();
                    sessions.closed(session);
                }
            }
        };
    }
}
