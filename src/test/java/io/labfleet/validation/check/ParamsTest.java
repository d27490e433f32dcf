package io.labfleet.validation.check;

import io.labfleet.lab.CheckDefinition;
import io.labfleet.lab.CheckType;
import io.labfleet.lab.Text;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The engine reads exactly the vocabulary {@link CheckType} declares: no more, and nothing given goes unread. */
class ParamsTest {

    @Test
    void readingAParameterTheTypeDoesNotDeclareIsABugOfTheEngine() {
        Params params = new Params(CheckType.DAEMON, Map.of());
        assertThatThrownBy(() -> params.string("image")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("daemon does not declare parameter image");
    }

    @Test
    void aGivenParameterStaysUnreadUntilTheEngineReadsIt() {
        Params params = new Params(CheckType.DAEMON, Map.of("os", "linux", "arch", "amd64"));
        assertThat(params.unread()).containsExactly("arch", "os");
        params.string("os");
        assertThat(params.unread()).containsExactly("arch");
    }

    @Test
    void everyDeclaredParameterThatALabGivesIsReadByItsCheck() {
        new CheckCompiler().compile(new CheckDefinition("d", Text.of("D", "D"), "daemon",
                Map.of("os", "linux", "arch", "amd64"), null));
        assertThatThrownBy(() -> new CheckCompiler().compile(new CheckDefinition("d", Text.of("D", "D"), "dæmon",
                Map.of(), null))).isInstanceOf(CheckParameterException.class).hasMessageContaining("unknown");
    }
}
