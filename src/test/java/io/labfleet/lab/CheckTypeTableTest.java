package io.labfleet.lab;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check-type table of {@code labs/README.md} is {@link CheckType#markdownTable()}: a lab author reads the same
 * vocabulary the loader enforces. Run with {@code -Dlabs.readme.write=true} to write the table after changing a type.
 */
class CheckTypeTableTest {

    private static final Path README = Path.of("labs/README.md");
    private static final String BEGIN = "<!-- check types: generated from io.labfleet.lab.CheckType (CheckTypeTableTest) -->\n";
    private static final String END = "<!-- end of check types -->\n";

    @Test
    void theReadmeTableIsTheDeclaredVocabulary() throws IOException {
        String readme = Files.readString(README);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin).as("labs/README.md holds the generated table's markers").isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String expected = readme.substring(0, begin + BEGIN.length()) + CheckType.markdownTable() + readme.substring(end);
        if (Boolean.getBoolean("labs.readme.write")) {
            Files.writeString(README, expected);
            readme = expected;
        }
        assertThat(readme).as("labs/README.md's check-type table is stale: run CheckTypeTableTest with "
                + "-Dlabs.readme.write=true").isEqualTo(expected);
    }

    @Test
    void everyTypeHasAUniqueIdAndEveryParameterOneRole() {
        assertThat(CheckType.ids()).doesNotHaveDuplicates().hasSize(CheckType.values().length);
        for (CheckType type : CheckType.values()) {
            assertThat(type.parameters().stream().map(CheckType.Parameter::name))
                    .as("parameters of %s", type.id()).doesNotHaveDuplicates();
            assertThat(CheckType.of(type.id())).contains(type);
        }
        assertThat(CheckType.of("contaner")).isEmpty();
    }
}
