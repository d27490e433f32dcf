package io.labfleet.provisioner.docker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageReferenceTest {

    @Test
    void anUntaggedImageIsItsLatestTag() {
        assertThat(ImageReference.parse("nginx")).isEqualTo(new ImageReference("nginx", "latest"));
    }

    @Test
    void aTagIsSplitOff() {
        assertThat(ImageReference.parse("nginx:alpine")).isEqualTo(new ImageReference("nginx", "alpine"));
        assertThat(ImageReference.parse("team/app:1.2")).isEqualTo(new ImageReference("team/app", "1.2"));
    }

    @Test
    void aRegistryPortIsNotATag() {
        assertThat(ImageReference.parse("mirror:5000/team/app"))
                .isEqualTo(new ImageReference("mirror:5000/team/app", "latest"));
        assertThat(ImageReference.parse("mirror:5000/team/app:2").toString()).isEqualTo("mirror:5000/team/app:2");
    }

    @Test
    void digestsAndBlanksAreRefused() {
        assertThatThrownBy(() -> ImageReference.parse("nginx@sha256:0123")).hasMessageContaining("digests");
        assertThatThrownBy(() -> ImageReference.parse(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
