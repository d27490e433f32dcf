package io.labfleet.gateway;

import io.labfleet.provisioner.ShellRequest;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.StandardEnvironment;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxShellCommandTest {

    @Test
    void withoutAPtyTheCommandRunsThroughShWithoutATerminal() {
        ShellRequest request = SandboxShellCommand.request("docker ps -a | wc -l", new StandardEnvironment());
        assertThat(request).isEqualTo(new ShellRequest(List.of("/bin/sh", "-c", "docker ps -a | wc -l"), false, null, 0, 0));
    }

    @Test
    void aPtyRequestGivesTheShellATerminalOfTheClientsSize() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.set(Environment.ENV_TERM, "xterm-256color");
        environment.set(Environment.ENV_COLUMNS, "132");
        environment.set(Environment.ENV_LINES, "43");

        assertThat(SandboxShellCommand.request(null, environment))
                .isEqualTo(new ShellRequest(List.of(), true, "xterm-256color", 132, 43));
    }

    @Test
    void anUnreadableSizeFallsBackToTheClassicTerminal() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.set(Environment.ENV_TERM, "vt100");
        environment.set(Environment.ENV_COLUMNS, "wide");

        assertThat(SandboxShellCommand.request(null, environment)).isEqualTo(new ShellRequest(List.of(), true, "vt100", 80, 24));
    }
}
