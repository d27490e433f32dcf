package io.labfleet.validation.check;

import io.labfleet.commons.ImageReference;
import io.labfleet.lab.Text;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which containers a check is about: by name (or compose service name), by image (any of its names, or its id),
 * by state. Null or empty selectors pick every container.
 */
record ContainerSelector(String name, ImageReference image, List<String> states) {

    static final Set<String> STATES = Set.of("created", "running", "paused", "restarting", "removing", "exited", "dead");

    ContainerSelector {
        states = List.copyOf(states);
    }

    static ContainerSelector from(Params params, boolean stateSelects) {
        ImageReference image = params.string("image")
                .map(value -> params.parse("image", value, v -> ImageReference.parse(v.toString()))).orElse(null);
        return new ContainerSelector(params.string("name").orElse(null), image,
                stateSelects ? states(params) : List.of());
    }

    static List<String> states(Params params) {
        List<String> states = params.strings("state");
        states.stream().filter(s -> !STATES.contains(s)).findFirst().ifPresent(s -> {
            throw params.invalid("state", "'" + s + "' is not a container state; states are " + STATES);
        });
        return states;
    }

    boolean picks(ContainerFacts container, ImageCatalog images) {
        return (name == null || container.answersTo(name))
                && (image == null || images.matches(image, container.image(), container.imageId()))
                && (states.isEmpty() || states.contains(container.state().status()));
    }

    /** "nommé « web », de l'image « nginx »" — empty when it picks every container. */
    Text describe() {
        List<Text> parts = new ArrayList<>();
        if (name != null) {
            parts.add(Texts.format("nommé « %s »", "named %s", name));
        }
        if (image != null) {
            parts.add(Texts.format("de l'image « %s »", "of image %s", image));
        }
        if (!states.isEmpty()) {
            parts.add(Texts.format("à l'état %s", "in state %s", String.join("/", states)));
        }
        return Texts.join(parts, ", ", ", ");
    }

    static Text show(ContainerFacts container) {
        return Texts.format("« %s » (%s, %s)", "%s (%s, %s)", container.name(), container.image(),
                container.state().status());
    }

    /** The containers there are, to show beside "none found". */
    static String present(List<ContainerFacts> containers) {
        return Texts.few(containers.stream().map(c -> c.name() + " (" + c.image() + ", " + c.state().status() + ")")
                .toList(), 6);
    }
}
