package io.labfleet.gateway;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RemoteCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"docker system dial-stdio", "  docker  system dial-stdio\n",
            "docker --host=unix:///var/run/docker.sock system dial-stdio",
            "docker -H unix:///run/user/1000/docker.sock system dial-stdio"})
    void whatTheDockerCliSendsIsTheDaemonPipe(String command) {
        assertThat(RemoteCommand.isDockerDialStdio(command)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"docker ps", "docker system df", "sh -c 'docker system dial-stdio'",
            "docker --host=tcp://10.0.0.1:2375 system dial-stdio", "docker system dial-stdio --extra",
            "docker --debug --host=unix:///x system dial-stdio", ""})
    void anythingElseRunsInsideTheSandbox(String command) {
        assertThat(RemoteCommand.isDockerDialStdio(command)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"scp -t /tmp/notes.txt", "scp -v -d -t -- /tmp/", "scp -f /etc/hostname", "scp -pr -t /data"})
    void theLegacyScpProtocolIsRecognised(String command) {
        assertThat(RemoteCommand.isLegacyScp(command)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"docker cp app:/tmp/x .", "scp", "scpx -t /tmp", "echo scp -t", "scp --help", ""})
    void otherCommandsAreNotScp(String command) {
        assertThat(RemoteCommand.isLegacyScp(command)).isFalse();
    }
}
