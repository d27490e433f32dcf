package io.labfleet.commons;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parts of an image reference that seeding and the lab catalogue use (the checks' own: validation/check). */
class ImageReferenceTest {

    @Test
    void anUntaggedImageIsItsLatestTagUnderTheNamePeopleType() {
        ImageReference nginx = ImageReference.parse("nginx").withDefaultTag();
        assertThat(nginx.name()).isEqualTo("nginx");
        assertThat(nginx.tag()).isEqualTo("latest");
        assertThat(nginx).hasToString("nginx:latest").isEqualTo(ImageReference.parse("docker.io/library/nginx:latest"));
    }

    @Test
    void aTagIsSplitOffAndKept() {
        assertThat(ImageReference.parse("nginx:alpine").withDefaultTag()).hasToString("nginx:alpine");
        ImageReference app = ImageReference.parse("team/app:1.2");
        assertThat(app.name()).isEqualTo("team/app");
        assertThat(app.tag()).isEqualTo("1.2");
    }

    @Test
    void aRegistryPortIsNotATag() {
        ImageReference mirrored = ImageReference.parse("mirror:5000/team/app").withDefaultTag();
        assertThat(mirrored.name()).isEqualTo("mirror:5000/team/app");
        assertThat(mirrored.tag()).isEqualTo("latest");
        assertThat(ImageReference.parse("mirror:5000/team/app:2")).hasToString("mirror:5000/team/app:2");
    }

    @Test
    void aDigestNeedsNoDefaultTagAndBlanksAreRefused() {
        String digest = "sha256:" + "a".repeat(64);
        assertThat(ImageReference.parse("nginx@" + digest).withDefaultTag().tag()).isNull();
        assertThatThrownBy(() -> ImageReference.parse(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
