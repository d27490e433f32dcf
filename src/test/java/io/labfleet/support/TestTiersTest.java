package io.labfleet.support;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.support.AnnotationSupport;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./mvnw verify} runs every suite exactly once, in two runs (see the surefire plugin in pom.xml): the fast
 * loop takes the *Test suites that are not set apart, the second run the ones set apart and every *IT, by name;
 * and each run also filters by tag, for runs that name their tests. This holds only while a suite carries a tag
 * exactly when it is set apart: otherwise a full run would silently skip it. And a @QuarkusTest in the fast loop
 * would make it build a Quarkus application.
 */
class TestTiersTest {

    private static final Path CLASSES = Path.of("target/test-classes");

    @Test
    void aSuiteIsTaggedExactlyWhenTheFastLoopLeavesItToTheSecondRun() throws IOException {
        Set<String> tags = Arrays.stream(property("suites.tiers").split(",")).map(String::trim)
                .collect(Collectors.toSet());
        List<Pattern> apart = Arrays.stream(property("suites.apart").split(",")).map(String::trim)
                .map(TestTiersTest::pattern).toList();
        List<String> problems = new ArrayList<>();
        int suites = 0;
        for (Class<?> suite : suites()) {
            suites++;
            String path = suite.getName().replace('.', '/') + ".java";
            boolean secondRun = suite.getSimpleName().endsWith("IT") || apart.stream().anyMatch(p -> p.matcher(path).matches());
            boolean tagged = AnnotationSupport.findRepeatableAnnotations(suite, Tag.class).stream()
                    .anyMatch(tag -> tags.contains(tag.value()));
            if (tagged != secondRun) {
                problems.add(suite.getName() + (secondRun ? " runs in the second run but carries none of " + tags
                        : " runs in the fast loop but carries a tag of " + tags + ": name it in suites.apart"));
            }
            if (!secondRun && AnnotationSupport.isAnnotated(suite, QuarkusTest.class)) {
                problems.add(suite.getName() + " boots Quarkus: name it in suites.apart and tag it");
            }
        }
        assertThat(suites).as("suites found under " + CLASSES).isGreaterThan(50);
        assertThat(problems).isEmpty();
    }

    private static List<Class<?>> suites() throws IOException {
        try (Stream<Path> files = Files.walk(CLASSES)) {
            List<Class<?>> suites = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().matches(".*(Test|IT)\\.class")).toList()) {
                String name = CLASSES.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                try {
                    Class<?> type = Class.forName(name, false, TestTiersTest.class.getClassLoader());
                    if (!Modifier.isAbstract(type.getModifiers())) {
                        suites.add(type);
                    }
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            }
            return suites;
        }
    }

    /** A surefire pattern such as {@code **}{@code /*ResourceTest.java}, as a regular expression on the path. */
    private static Pattern pattern(String glob) {
        String regex = Arrays.stream(glob.split("\\*\\*/", -1)).map(part -> Arrays.stream(part.split("\\*", -1))
                .map(Pattern::quote).collect(Collectors.joining("[^/]*"))).collect(Collectors.joining("(?:.*/)?"));
        return Pattern.compile(regex);
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        assertThat(value).as("system property %s, set by the surefire plugin", name).isNotBlank();
        return value;
    }
}
