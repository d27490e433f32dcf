package io.labfleet.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TerminalTest {

    @Test
    void speaksEnglishWhenTheLearnersLanguageIsNotFrenchAndFrenchByDefault() {
        assertThat(terminal(Map.of("LANG", "en_GB.UTF-8")).language()).isEqualTo(Locale.ENGLISH);
        assertThat(terminal(Map.of("LANG", "de_DE.UTF-8")).language()).isEqualTo(Locale.ENGLISH);
        assertThat(terminal(Map.of("LANG", "fr_FR.UTF-8")).language()).isEqualTo(Locale.FRENCH);
        assertThat(terminal(Map.of("LANG", "en_US.UTF-8", "LC_ALL", "fr_BE.UTF-8")).language()).isEqualTo(Locale.FRENCH);
        assertThat(terminal(Map.of("LANG", "C.UTF-8")).language()).isEqualTo(Locale.FRENCH);
        assertThat(terminal(Map.of()).language()).isEqualTo(Locale.FRENCH);
    }

    @Test
    void keepsItsSettingsInTheLearnersConfigFolder() {
        assertThat(terminal(Map.of()).configDirectory()).isEqualTo(Path.of("/home/lea/.config/labfleet"));
        assertThat(terminal(Map.of("XDG_CONFIG_HOME", "/tmp/xdg")).configDirectory()).isEqualTo(Path.of("/tmp/xdg/labfleet"));
    }

    private static Terminal terminal(Map<String, String> environment) {
        return new Terminal(environment, Path.of("/home/lea"), Path.of("/tmp"), System.out, System.err, System.in, false);
    }
}
