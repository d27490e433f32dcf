package io.labfleet.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A refusal of the service is one line from its problem+json, with the exit code its status calls for. */
class ApiClientTest {

    @Test
    void theProblemsDetailIsTheLineAndTheStatusTheExitCode() {
        CliException quota = ApiClient.refusal(429, "{\"type\":\"https://labfleet.io/problems/quota-exceeded\","
                + "\"title\":\"Quota exceeded\",\"status\":429,\"detail\":\"You already have 2 live sandboxes;\\n stop one first.\"}");
        CliException login = ApiClient.refusal(401, "{\"title\":\"Authentication required\",\"status\":401}");
        CliException broken = ApiClient.refusal(502, "<html>Bad gateway</html>");

        assertThat(quota.getMessage()).isEqualTo("You already have 2 live sandboxes; stop one first.");
        assertThat(quota.exitCode()).isEqualTo(ExitCode.REFUSED);
        assertThat(login.getMessage()).isEqualTo("Authentication required Run labfleet login.");
        assertThat(login.exitCode()).isEqualTo(ExitCode.LOGIN);
        assertThat(broken.getMessage()).isEqualTo("Labfleet answered HTTP 502: <html>Bad gateway</html>");
        assertThat(broken.exitCode()).isEqualTo(ExitCode.SERVICE);
    }
}
