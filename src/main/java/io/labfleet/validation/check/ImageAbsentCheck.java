package io.labfleet.validation.check;

import io.labfleet.commons.ImageReference;
import io.labfleet.lab.Text;

import java.util.List;

/** {@code image-absent}: no image named {@code name}, or (with {@code dangling: true}) no dangling image, is left. */
final class ImageAbsentCheck implements Check {

    private final ImageReference name;
    private final boolean dangling;

    ImageAbsentCheck(Params params) {
        this.name = params.string("name").map(v -> params.parse("name", v, x -> ImageReference.parse(x.toString())))
                .orElse(null);
        this.dangling = params.bool("dangling").orElse(false);
        if (name == null && !dangling) {
            throw params.invalid("dangling", "must be true when no name is given");
        }
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        ImageCatalog images = evidence.images();
        List<ImageFacts> left = name != null ? images.named(name)
                : images.all().stream().filter(ImageFacts::dangling).toList();
        Text what = name != null ? Texts.format("image « %s »", "image %s", name)
                : Texts.of("image dangling (sans tag)", "dangling image (untagged)");
        if (left.isEmpty()) {
            return Verdict.pass(new Text("Aucune " + what.fr() + " dans la sandbox.", "No " + what.en() + " in the sandbox."));
        }
        String shown = Texts.few(left.stream().map(i -> i.displayName() + " (" + ByteSize.formatDisk(i.size()) + ")")
                .toList(), 6);
        Text advice = name != null
                ? Texts.format("Supprimez-la : docker rmi %s", "Remove it: docker rmi %s", name)
                : Texts.of("Supprimez-les : docker image prune", "Remove them: docker image prune");
        return Verdict.fail(new Text("Il reste " + left.size() + " " + what.fr() + " : " + shown + ".",
                left.size() + " " + what.en() + " left: " + shown + "."), advice);
    }
}
