package io.labfleet.validation.check;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventSequenceTest {

    private static List<DaemonEvent> events(String... actions) {
        List<DaemonEvent> events = new ArrayList<>();
        long time = 1;
        for (String action : actions) {
            String[] parts = action.split(" ", 2);
            Map<String, String> attributes = new java.util.HashMap<>(Map.of("name", "mon-web"));
            String detail = "";
            if (parts.length > 1 && parts[1].contains("=")) {
                attributes.put(parts[1].substring(0, parts[1].indexOf('=')), parts[1].substring(parts[1].indexOf('=') + 1));
            } else if (parts.length > 1) {
                detail = parts[1];
            }
            events.add(new DaemonEvent("container", parts[0], detail, "c1", attributes, time++));
        }
        return events;
    }

    private static final List<DaemonEvent> STOP_THEN_RM = events("create", "start", "kill signal=15", "die exitCode=0",
            "stop", "destroy");
    private static final List<DaemonEvent> RM_FORCE = events("create", "start", "kill signal=9", "die exitCode=137",
            "destroy");

    @Test
    void stopThenRmAndRmForceBothMeetStartDieDestroy() {
        EventSequence lifecycle = EventSequence.parse(List.of("start", "die", "destroy"));
        assertThat(lifecycle.isMetBy(STOP_THEN_RM)).isTrue();
        assertThat(lifecycle.isMetBy(RM_FORCE)).isTrue();
    }

    @Test
    void aStepTiedToThePreviousOneFindsTheCommandThatSucceeded() {
        EventSequence pingedByName = EventSequence.parse(List.of("exec_start[detail*=c2]", "exec_die[execID=^,exitCode=0]"));
        List<DaemonEvent> failedThenByName = execs("ping -c 1 c2", "1", "ping -c 1 c2", "0");
        List<DaemonEvent> failedThenByAddress = execs("ping -c 1 c2", "1", "ping -c 1 172.18.0.3", "0");

        assertThat(pingedByName.isMetBy(failedThenByName)).isTrue();
        assertThat(pingedByName.metSteps(failedThenByAddress)).as("the success is another command's").isEqualTo(1);
        assertThat(EventSequence.parse(List.of("exec_die[execID=^]")).isMetBy(failedThenByName))
                .as("nothing before the first step to refer to").isFalse();
    }

    /** exec_start and exec_die pairs: command, exit code, command, exit code… */
    private static List<DaemonEvent> execs(String... commandsAndCodes) {
        List<DaemonEvent> events = new ArrayList<>();
        for (int i = 0; i < commandsAndCodes.length; i += 2) {
            String exec = "exec-" + i;
            events.add(new DaemonEvent("container", "exec_start", commandsAndCodes[i], "c1", Map.of("execID", exec), i));
            events.add(new DaemonEvent("container", "exec_die", "", "c1",
                    Map.of("execID", exec, "exitCode", commandsAndCodes[i + 1]), i + 1));
        }
        return events;
    }

    @Test
    void orderMatters() {
        EventSequence lifecycle = EventSequence.parse(List.of("start", "die", "destroy"));
        assertThat(lifecycle.metSteps(events("create", "destroy"))).isZero();
        assertThat(lifecycle.metSteps(events("create", "start", "destroy"))).as("never died before removal").isEqualTo(1);
        assertThat(lifecycle.metSteps(events("die", "start"))).isEqualTo(1);
    }

    @Test
    void conditionsLookAtAttributesAndDetail() {
        assertThat(EventSequence.parse(List.of("die[exitCode!=0]")).isMetBy(RM_FORCE)).isTrue();
        assertThat(EventSequence.parse(List.of("die[exitCode!=0]")).isMetBy(STOP_THEN_RM)).isFalse();
        assertThat(EventSequence.parse(List.of("kill[signal=9]")).isMetBy(RM_FORCE)).isTrue();
        assertThat(EventSequence.parse(List.of("stop")).isMetBy(RM_FORCE)).as("rm -f does not stop").isFalse();
        List<DaemonEvent> looked = events("create", "start", "exec_create ps aux", "exec_start ps aux", "exec_die exitCode=0");
        assertThat(EventSequence.parse(List.of("start", "exec_start[detail*=ps]")).isMetBy(looked)).isTrue();
        assertThat(EventSequence.parse(List.of("exec_start[detail*=top]")).isMetBy(looked)).isFalse();
    }

    @Test
    void alternativesAcceptEitherAction() {
        EventSequence postMortem = EventSequence.parse(List.of("die[exitCode!=0]", "archive-path|export"));
        assertThat(postMortem.isMetBy(events("start", "die exitCode=1", "archive-path"))).isTrue();
        assertThat(postMortem.isMetBy(events("start", "die exitCode=1", "export"))).isTrue();
        assertThat(postMortem.isMetBy(events("start", "archive-path", "die exitCode=1")))
                .as("copied while it still ran: not post-mortem").isFalse();
    }

    @Test
    void refusesMalformedSteps() {
        assertThatThrownBy(() -> EventStep.parse("die[exitCode>0]")).hasMessageContaining("not a condition");
        assertThatThrownBy(() -> EventStep.parse("Die")).hasMessageContaining("not an event step");
        assertThatThrownBy(() -> EventSequence.parse(List.of())).hasMessageContaining("at least one step");
        assertThat(EventStep.parse("archive-path | export")).hasToString("archive-path|export");
    }
}
