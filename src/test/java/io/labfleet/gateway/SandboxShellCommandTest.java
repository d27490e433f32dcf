package io.labfleet.gateway;

import io.labfleet.provisioner.ShellRequest;
import io.labfleet.commons.ResizeCoalescer;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.StandardEnvironment;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

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

    @Test
    void aSizeNoTerminalHasFallsBackToTheClassicTerminal() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.set(Environment.ENV_TERM, "xterm");
        environment.set(Environment.ENV_COLUMNS, "2147483647");
        environment.set(Environment.ENV_LINES, "-3");

        assertThat(SandboxShellCommand.request(null, environment)).isEqualTo(new ShellRequest(List.of(), true, "xterm", 80, 24));
    }

    @Test
    void aFloodOfWindowChangesReachesTheBackendAsOneResizePerIntervalToTheLastSize() throws Exception {
        AtomicLong now = new AtomicLong(5_000_000_000L);
        List<Runnable> due = new ArrayList<>();
        List<ResizeCoalescer.Size> applied = new ArrayList<>();
        StandardEnvironment environment = new StandardEnvironment();
        environment.addSignalListener(SandboxShellCommand.windowChanges(environment, new ResizeCoalescer(
                Duration.ofMillis(200), now::get, (task, nanos) -> due.add(task), applied::add)), Signal.WINCH);

        for (int i = 0; i < 10_000; i++) {
            windowChange(environment, String.valueOf(100 + i % 50), String.valueOf(30 + i % 20));
            now.addAndGet(1_000);
        }
        windowChange(environment, "123", "45");
        windowChange(environment, "99999", "0");
        windowChange(environment, "wide", "45");

        assertThat(applied).as("the first at once, nothing more within the interval").containsExactly(new ResizeCoalescer.Size(100, 30));
        assertThat(due).as("one resize waits for the interval's end, not ten thousand").hasSize(1);
        now.addAndGet(Duration.ofMillis(200).toNanos());
        due.remove(0).run();
        assertThat(applied).as("then the last size a terminal can have").containsExactly(
                new ResizeCoalescer.Size(100, 30), new ResizeCoalescer.Size(123, 45));
    }

    private static void windowChange(StandardEnvironment environment, String columns, String lines) throws Exception {
        environment.set(Environment.ENV_COLUMNS, columns);
        environment.set(Environment.ENV_LINES, lines);
        environment.signal(null, Signal.WINCH);
    }
}
