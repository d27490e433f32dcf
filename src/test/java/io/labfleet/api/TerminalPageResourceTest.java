package io.labfleet.api;

import io.labfleet.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/**
 * The terminal page is served by the service with everything it runs: its scripts and styles come from the
 * service's own /terminal/assets/ (built from the npm registry at build time), and its Content-Security-Policy
 * admits no script from anywhere else.
 */
@QuarkusTest
class TerminalPageResourceTest extends ApiTest {

    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"([^\"]+)\"");

    @Test
    void thePageAndEachOfItsAssetsComeFromTheServiceUnderAPolicyThatRefusesOtherScripts() {
        String page = anonymous().get("/terminal/sb-any").then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("script-src 'self';"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("Content-Security-Policy", not(containsString("unsafe-eval")))
                .header("X-Content-Type-Options", "nosniff")
                .extract().asString();
        assertThat(page).doesNotContain("<script>")
                .as("no inline script: the policy would refuse it").doesNotContainPattern("<script(?![^>]*\\ssrc=)");

        Matcher assets = ASSET.matcher(page);
        List<String> paths = assets.results().map(found -> found.group(1)).toList();
        assertThat(paths).as("xterm.js, its fit addon and the page's own script and style")
                .hasSize(5).allMatch(path -> path.startsWith("/terminal/assets/"));
        for (String path : paths) {
            anonymous().get(path).then().statusCode(200)
                    .contentType(path.endsWith(".js") ? containsString("javascript") : containsString("text/css"))
                    .header("Content-Security-Policy", containsString("script-src 'self';"));
        }
        anonymous().get("/terminal/assets/xterm/LICENSE").then().statusCode(200).body(containsString("MIT"));
    }
}
