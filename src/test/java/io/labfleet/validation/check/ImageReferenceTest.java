package io.labfleet.validation.check;

import io.labfleet.commons.ImageReference;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageReferenceTest {

    private static final String NGINX_ID = "sha256:625c863328280b8fadeb20650fd78111dd9fb78165c04a5e8e960f3054e799cc";

    private final ImageCatalog catalog = new ImageCatalog(List.of(
            image(NGINX_ID, "nginx:latest", "nginx:alpine", "web:1"),
            image("sha256:c95f10420bbd56cc41da3e34f9d5d8be14f4dab8f62b4fb6f8c147d9b472b8b2", "busybox:latest"),
            image("sha256:1111111111111111111111111111111111111111111111111111111111111111")));

    static ImageFacts image(String id, String... tags) {
        return new ImageFacts(id, List.of(tags), List.of(), 2_000_000,
                new ImageFacts.Config("", List.of(), List.of(), List.of(), java.util.Set.of(), "", null, List.of()));
    }

    @Test
    void normalisesLikeDocker() {
        assertThat(ImageReference.parse("nginx").repository()).isEqualTo("docker.io/library/nginx");
        assertThat(ImageReference.parse("docker.io/library/nginx:latest").repository()).isEqualTo("docker.io/library/nginx");
        assertThat(ImageReference.parse("index.docker.io/library/nginx").repository()).isEqualTo("docker.io/library/nginx");
        assertThat(ImageReference.parse("bitnami/redis:7").repository()).isEqualTo("docker.io/bitnami/redis");
        ImageReference local = ImageReference.parse("localhost:5000/team/app");
        assertThat(local.domain()).isEqualTo("localhost:5000");
        assertThat(local.tag()).as("a registry port is not a tag").isNull();
        assertThat(ImageReference.parse("ghcr.io/acme/api:1.2@sha256:" + "a".repeat(64)).digest()).startsWith("sha256:");
        assertThat(ImageReference.parse("docker.io/library/nginx:1.27")).hasToString("nginx:1.27");
    }

    @Test
    void refusesWhatIsNotAReference() {
        assertThatThrownBy(() -> ImageReference.parse("Nginx")).hasMessageContaining("lower-case");
        assertThatThrownBy(() -> ImageReference.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ImageReference.parse("nginx:bad tag")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ImageReference.tryParse(NGINX_ID)).as("an id is not a name").isEmpty();
    }

    @Test
    void aNameWithoutTagAcceptsEveryTagOfItsRepository() {
        ImageReference nginx = ImageReference.parse("nginx");
        assertThat(nginx.accepts(ImageReference.parse("nginx:latest"))).isTrue();
        assertThat(nginx.accepts(ImageReference.parse("docker.io/library/nginx"))).isTrue();
        assertThat(nginx.accepts(ImageReference.parse("nginx:alpine"))).isTrue();
        assertThat(nginx.accepts(ImageReference.parse("bitnami/nginx"))).isFalse();
        assertThat(nginx.accepts(ImageReference.parse("nginxinc/nginx-unprivileged"))).isFalse();
    }

    @Test
    void aTagOrDigestMustBeTheSame() {
        ImageReference latest = ImageReference.parse("nginx:latest");
        assertThat(latest.accepts(ImageReference.parse("nginx"))).as("no tag means latest").isTrue();
        assertThat(latest.accepts(ImageReference.parse("nginx:alpine"))).isFalse();
        ImageReference pinned = ImageReference.parse("nginx@sha256:" + "b".repeat(64));
        assertThat(pinned.accepts(ImageReference.parse("nginx@sha256:" + "b".repeat(64)))).isTrue();
        assertThat(pinned.accepts(ImageReference.parse("nginx:latest"))).isFalse();
    }

    @Test
    void anImageIsMatchedByWhatTheLearnerTypedByAnotherTagOrByItsId() {
        ImageReference nginx = ImageReference.parse("nginx");
        assertThat(catalog.matches(nginx, "nginx", NGINX_ID)).isTrue();
        assertThat(catalog.matches(nginx, "docker.io/library/nginx:latest", NGINX_ID)).isTrue();
        assertThat(catalog.matches(nginx, "625c86332828", NGINX_ID)).as("short id typed").isTrue();
        assertThat(catalog.matches(nginx, NGINX_ID, null)).as("full id in an event").isTrue();
        assertThat(catalog.matches(nginx, "web:1", NGINX_ID)).as("another tag of the same image").isTrue();
        assertThat(catalog.matches(nginx, "busybox", "sha256:c95f10420bbd56cc41da3e34f9d5d8be14f4dab8f62b4fb6f8c147d9b472b8b2")).isFalse();
        assertThat(catalog.matches(nginx, "nginx", null)).as("an image removed since still matches by name").isTrue();
        assertThat(catalog.matches(ImageReference.parse("nginx:1.27"), "web:1", NGINX_ID)).isFalse();
    }

    @Test
    void findsImagesByNameAndByIdPrefix() {
        assertThat(catalog.named(ImageReference.parse("nginx"))).hasSize(1);
        assertThat(catalog.named(ImageReference.parse("redis"))).isEmpty();
        assertThat(catalog.byId("625c8633")).map(ImageFacts::id).contains(NGINX_ID);
        assertThat(catalog.byId("zzz")).isEmpty();
        assertThat(catalog.all().get(2).dangling()).isTrue();
    }
}
