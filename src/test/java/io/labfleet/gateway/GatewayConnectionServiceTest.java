package io.labfleet.gateway;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelDirectTcpip;
import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.AbstractServerChannel;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerUserAuthServiceFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client reads when the gateway refuses its channels, on a MINA server with only the gateway's connection
 * service and channels whose refusals the test times: the refusal of a channel carries the message left for that
 * channel, also when another channel of the connection is refused in between.
 */
class GatewayConnectionServiceTest {

    private final BlockingQueue<Opening> openings = new LinkedBlockingQueue<>();
    private SshServer server;
    private SshClient client;
    private ClientSession session;

    @BeforeEach
    void connect() throws Exception {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider());
        server.setPasswordAuthenticator((user, password, serverSession) -> true);
        server.setServiceFactories(List.of(ServerUserAuthServiceFactory.INSTANCE, new GatewayConnectionService.Factory()));
        server.setChannelFactories(List.of(new ChannelFactory() {
            @Override
            public String getName() {
                return "direct-tcpip";
            }

            @Override
            public Channel createChannel(Session serverSession) {
                return new HeldChannel();
            }
        }));
        server.start();

        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier((clientSession, address, key) -> true);
        client.start();
        session = client.connect("learner", "127.0.0.1", server.getPort()).verify(Duration.ofSeconds(10)).getSession();
        session.addPasswordIdentity("any");
        session.auth().verify(Duration.ofSeconds(10));
    }

    @AfterEach
    void disconnect() throws Exception {
        if (session != null) {
            session.close(true);
        }
        if (client != null) {
            client.stop();
        }
        server.stop(true);
    }

    @Test
    void aRefusalCarriesItsOwnChannelsMessage() throws Exception {
        // A channel type the server has no factory for is refused before it gets a number of the server's: from
        // then on the client's numbers (which MINA sends refusals under) and the server's differ, as they do with
        // OpenSSH, which reuses freed numbers.
        OpenFuture unsupported = session.createShellChannel().open();
        assertThat(refusal(unsupported)).contains("Unsupported");

        OpenFuture first = open(8080);
        Opening held = nextOpening();
        assertThat(held.channel().getRecipient()).as("the client's number differs from the server's")
                .isNotEqualTo(held.channel().getChannelId());
        GatewayConnectionService.explainOpenFailure(held.channel(), "nothing answers on port 8080");

        OpenFuture second = open(9090);
        Opening meanwhile = nextOpening();
        GatewayConnectionService.refuseOpen(meanwhile.channel(), "only ports of the sandbox can be reached")
                .addListener(refused -> meanwhile.future().setException(refused.getException()));
        assertThat(refusal(second)).isEqualTo("only ports of the sandbox can be reached");

        held.future().setException(new SshChannelOpenException(held.channel().getChannelId(),
                SshConstants.SSH_OPEN_CONNECT_FAILED, "connection refused"));
        assertThat(refusal(first)).isEqualTo("nothing answers on port 8080");
    }

    @Test
    void aRefusalLeftUnexplainedKeepsMinasWords() throws Exception {
        OpenFuture explained = open(8080);
        Opening held = nextOpening();
        GatewayConnectionService.explainOpenFailure(held.channel(), "nothing answers on port 8080");

        OpenFuture unexplained = open(9090);
        Opening other = nextOpening();
        other.future().setException(new SshChannelOpenException(other.channel().getChannelId(),
                SshConstants.SSH_OPEN_CONNECT_FAILED, "connection refused"));
        assertThat(refusal(unexplained)).as("not another channel's reason")
                .startsWith("Generic error while opening channel");

        held.future().setException(new SshChannelOpenException(held.channel().getChannelId(),
                SshConstants.SSH_OPEN_CONNECT_FAILED, "connection refused"));
        assertThat(refusal(explained)).isEqualTo("nothing answers on port 8080");
    }

    private OpenFuture open(int port) throws Exception {
        ChannelDirectTcpip channel = session.createDirectTcpipChannel(new SshdSocketAddress("127.0.0.1", 0),
                new SshdSocketAddress("localhost", port));
        return channel.open();
    }

    private Opening nextOpening() throws InterruptedException {
        Opening opening = openings.poll(10, TimeUnit.SECONDS);
        assertThat(opening).as("the server was asked to open the channel").isNotNull();
        return opening;
    }

    private static String refusal(OpenFuture future) throws Exception {
        assertThat(future.await(Duration.ofSeconds(10))).as("the channel's open was answered").isTrue();
        assertThat(future.isOpened()).isFalse();
        return future.getException().getMessage();
    }

    private record Opening(AbstractServerChannel channel, OpenFuture future) {
    }

    /** A channel whose open the test ends, as the gateway's forwarded ports end theirs once a connect fails. */
    private final class HeldChannel extends AbstractServerChannel {
        HeldChannel() {
            super(null);
        }

        @Override
        protected OpenFuture doInit(Buffer buffer) {
            OpenFuture future = new DefaultOpenFuture(this, this);
            openings.add(new Opening(this, future));
            return future;
        }

        @Override
        protected void doWriteData(byte[] data, int off, long len) {
            throw new UnsupportedOperationException("never opened");
        }

        @Override
        protected void doWriteExtendedData(byte[] data, int off, long len) {
            throw new UnsupportedOperationException("never opened");
        }
    }
}
