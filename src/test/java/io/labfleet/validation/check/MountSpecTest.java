package io.labfleet.validation.check;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MountSpecTest {

    /** What the daemon records for `-v data:/data` and `--mount source=data,target=/data` alike. */
    private static final MountFacts DATA_VOLUME = new MountFacts("volume", Set.of("data"),
            "/var/lib/docker/volumes/data/_data", "/data", false);
    private static final MountFacts COMPOSE_VOLUME = new MountFacts("volume", Set.of("shop_data", "data"),
            "/var/lib/docker/volumes/shop_data/_data", "/data", false);
    private static final MountFacts SITE_BIND_RO = new MountFacts("bind", Set.of(), "/srv/site", "/usr/share/nginx/html", true);

    @Test
    void readsTheVolumeSyntaxAndTheMountSyntax() {
        assertThat(MountSpec.parse("data:/data")).isEqualTo(new MountSpec("volume", "data", "/data", null));
        assertThat(MountSpec.parse("/srv/site:/usr/share/nginx/html:ro,z"))
                .isEqualTo(new MountSpec("bind", "/srv/site", "/usr/share/nginx/html", true));
        assertThat(MountSpec.parse("/data/")).isEqualTo(new MountSpec(null, null, "/data", null));
        assertThat(MountSpec.parse(Map.of("type", "volume", "source", "data", "target", "/data", "readOnly", true)))
                .isEqualTo(new MountSpec("volume", "data", "/data", true));
        assertThat(MountSpec.parse(Map.of("type", "tmpfs", "target", "/cache")))
                .isEqualTo(new MountSpec("tmpfs", null, "/cache", null));
    }

    @Test
    void refusesWhatItCannotMatch() {
        assertThatThrownBy(() -> MountSpec.parse("data:relative")).hasMessageContaining("absolute");
        assertThatThrownBy(() -> MountSpec.parse("data:/data:rx")).hasMessageContaining("unknown mount option");
        assertThatThrownBy(() -> MountSpec.parse(Map.of("type", "bind", "source", "./site", "target", "/x")))
                .hasMessageContaining("absolute");
        assertThatThrownBy(() -> MountSpec.parse(Map.of("source", "data"))).hasMessageContaining("target");
        assertThatThrownBy(() -> MountSpec.parse(Map.of("target", "/x", "type", "npipe"))).hasMessageContaining("type");
    }

    @Test
    void matchesHoweverTheMountWasDeclared() {
        assertThat(MountSpec.parse("data:/data").matches(DATA_VOLUME)).isTrue();
        assertThat(MountSpec.parse(Map.of("source", "data", "target", "/data/")).matches(DATA_VOLUME)).isTrue();
        assertThat(MountSpec.parse("/data").matches(DATA_VOLUME)).as("only the target asked").isTrue();
        assertThat(MountSpec.parse("data:/data").matches(COMPOSE_VOLUME)).as("compose short name").isTrue();
        assertThat(MountSpec.parse("/srv/site/:/usr/share/nginx/html:ro").matches(SITE_BIND_RO)).isTrue();
        assertThat(MountSpec.parse("/srv/site:/usr/share/nginx/html").matches(SITE_BIND_RO))
                .as("read-only not asked for: either is fine").isTrue();
    }

    @Test
    void rejectsAnotherSourceTargetTypeOrMode() {
        assertThat(MountSpec.parse("other:/data").matches(DATA_VOLUME)).isFalse();
        assertThat(MountSpec.parse("data:/var/data").matches(DATA_VOLUME)).isFalse();
        assertThat(MountSpec.parse("/data:/data").matches(DATA_VOLUME)).as("a bind is not a volume").isFalse();
        assertThat(MountSpec.parse("data:/data:ro").matches(DATA_VOLUME)).as("asked read-only, mounted rw").isFalse();
        assertThat(MountSpec.parse("/srv/site:/usr/share/nginx/html:rw").matches(SITE_BIND_RO)).isFalse();
    }
}
