package io.labfleet.provisioner.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The seccomp profile of rootless sandboxes, as the build packs it (sandbox/seccomp-rootless.json). */
class SeccompProfileTest {

    private final JsonNode profile = read();

    @Test
    void whatIsNotListedAnswersEnosysSoThatProgramsFallBack() {
        assertThat(profile.path("defaultAction").asText()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(profile.path("defaultErrnoRet").asInt()).isEqualTo(38);
    }

    @Test
    void theCallsThatReachTheHostKernelAreNeverAllowed() {
        for (String call : List.of("open_by_handle_at", "name_to_handle_at", "init_module", "finit_module",
                "kexec_load", "bpf", "perf_event_open", "userfaultfd", "io_uring_setup", "reboot", "swapon",
                "settimeofday", "clock_settime", "clock_settime64", "clock_adjtime", "clock_adjtime64", "syslog", "iopl",
                "ioperm", "quotactl")) {
            assertThat(action(call)).as(call).contains("SCMP_ACT_ERRNO");
        }
    }

    @Test
    void theKernelKeyringIsAbsentRatherThanRefused() {
        for (String call : List.of("keyctl", "add_key", "request_key")) {
            assertThat(ruleOf(call).map(rule -> rule.path("errnoRet").asInt())).as(call).contains(38);
        }
    }

    @Test
    void aRootlessEngineCanBuildItsUserNamespaceAndMountItsContainers() {
        for (String call : List.of("clone", "clone3", "unshare", "setns", "mount", "umount2", "pivot_root", "chroot",
                "fsopen", "fsconfig", "fsmount", "fspick", "move_mount", "open_tree", "mount_setattr", "sethostname",
                "read", "execve", "openat", "ptrace")) {
            assertThat(action(call)).as(call).contains("SCMP_ACT_ALLOW");
        }
    }

    @Test
    void socketsAreAllowedForEveryFamilyButVsock() {
        JsonNode socket = ruleOf("socket").orElseThrow();

        assertThat(socket.path("action").asText()).isEqualTo("SCMP_ACT_ALLOW");
        assertThat(socket.path("args")).singleElement().satisfies(arg -> {
            assertThat(arg.path("index").asInt()).isZero();
            assertThat(arg.path("value").asInt()).isEqualTo(40);
            assertThat(arg.path("op").asText()).isEqualTo("SCMP_CMP_NE");
        });
    }

    @Test
    void eachCallHasOneRule() {
        List<String> names = new ArrayList<>();
        profile.path("syscalls").forEach(rule -> rule.path("names").forEach(name -> names.add(name.asText())));
        assertThat(names).doesNotHaveDuplicates();
    }

    private Optional<String> action(String call) {
        return ruleOf(call).map(rule -> rule.path("action").asText());
    }

    private Optional<JsonNode> ruleOf(String call) {
        for (JsonNode rule : profile.path("syscalls")) {
            for (JsonNode name : rule.path("names")) {
                if (name.asText().equals(call)) {
                    return Optional.of(rule);
                }
            }
        }
        return Optional.empty();
    }

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(SandboxTemplate.loadSeccompProfile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
