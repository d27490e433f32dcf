package io.labfleet.validation.check;

import io.labfleet.commons.ImageReference;
import io.labfleet.commons.Strings;
import io.labfleet.lab.Text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code volume}: a volume known as {@code name} (or by its compose short name) exists, with {@code driver}, and a
 * {@code file} ({@code {path: notes.txt, contains: …}} or {@code equals: …}; just a path asks that it exist). Without
 * a path, any file of the volume will do: where the exercise asks for data in the volume, not a file name. Files
 * are read through a container that is created with the volume mounted but never started.
 */
final class VolumeCheck implements Check {

    private static final Text ADVICE = Texts.of(
            "Créez le volume demandé (docker volume create, ou -v nom:/chemin) et ses données, puis relancez la validation.",
            "Create the volume asked for (docker volume create, or -v name:/path) and its data, then validate again.");

    private final String name;
    private final List<Expectation<VolumeFacts>> expectations = new ArrayList<>();

    VolumeCheck(Params params) {
        this.name = params.requiredString("name");
        params.string("driver").ifPresent(driver -> expectations.add(new Expectation<>(
                Texts.format("pilote %s", "driver %s", driver), (v, e) -> driver.equals(v.driver()) ? Optional.empty()
                : Optional.of(Texts.format("pilote %s (attendu %s)", "driver %s (expected %s)", v.driver(), driver)))));
        if (params.has("file")) {
            expectations.add(file(params));
        }
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        List<VolumeFacts> all = evidence.volumes();
        List<VolumeFacts> picked = all.stream().filter(v -> v.answersTo(name)).toList();
        String present = Texts.few(all.stream().map(VolumeFacts::name).toList(), 8);
        Text noneFound = Texts.format("Aucun volume « %s » dans la sandbox (volumes : %s).",
                "No volume %s in the sandbox (volumes: %s).", name, present);
        return new Candidates<>(picked, expectations, 1, v -> Texts.format("volume « %s »", "volume %s", v.name()))
                .judge(evidence, noneFound, ADVICE);
    }

    private static Expectation<VolumeFacts> file(Params params) {
        Map<String, Object> file = params.map("file");
        file.keySet().stream().filter(k -> !List.of("path", "contains", "equals").contains(k)).findFirst().ifPresent(k -> {
            throw params.invalid("file", "has no field '" + k + "'; it takes path and contains or equals");
        });
        Object rawPath = file.get("path");
        if (rawPath == null) {
            return anyFile(params, file);
        }
        String path = rawPath.toString().replaceFirst("^/+", "");
        if (path.isEmpty() || List.of(path.split("/")).contains("..")) {
            throw params.invalid("file", "path must name a file inside the volume, got " + rawPath);
        }
        String contains = file.get("contains") == null ? null : file.get("contains").toString();
        String equals = file.get("equals") == null ? null : file.get("equals").toString();
        Text expected = contains != null ? Texts.format("fichier %s contenant « %s »", "file %s containing \"%s\"", path, contains)
                : equals != null ? Texts.format("fichier %s = « %s »", "file %s = \"%s\"", path, equals)
                : Texts.format("fichier %s", "file %s", path);
        return new Expectation<>(expected, (volume, evidence) -> {
            Optional<String> content = evidence.daemon().readVolumeFile(volume.name(), path, readerImage(evidence));
            if (content.isEmpty()) {
                return Optional.of(Texts.format("pas de fichier %s dans le volume", "no file %s in the volume", path));
            }
            String text = content.get();
            boolean met = contains != null ? text.contains(contains) : equals == null || text.strip().equals(equals.strip());
            String shown = Strings.truncate(text.strip(), 80);
            return met ? Optional.empty() : Optional.of(Texts.format("%s contient « %s »", "%s holds \"%s\"", path, shown));
        });
    }

    private static Expectation<VolumeFacts> anyFile(Params params, Map<String, Object> file) {
        if (file.get("contains") == null && file.get("equals") == null) {
            throw params.invalid("file", "needs a path, or contains or equals to look for in any file of the volume");
        }
        String contains = file.get("contains") == null ? null : file.get("contains").toString();
        String equals = file.get("equals") == null ? null : file.get("equals").toString();
        Text expected = contains != null
                ? Texts.format("un fichier contenant « %s »", "a file containing \"%s\"", contains)
                : Texts.format("un fichier = « %s »", "a file = \"%s\"", equals);
        return new Expectation<>(expected, (volume, evidence) -> {
            Map<String, String> files = evidence.daemon().readVolumeFiles(volume.name(), readerImage(evidence));
            boolean met = files.values().stream().anyMatch(text -> contains != null ? text.contains(contains)
                    : text.strip().equals(equals.strip()));
            if (met) {
                return Optional.empty();
            }
            return Optional.of(files.isEmpty()
                    ? Texts.format("le volume est vide", "the volume is empty")
                    : Texts.format("aucun de ses fichiers ne convient (%s)", "none of its files does (%s)",
                    Texts.few(List.copyOf(files.keySet()), 5)));
        });
    }

    /** The helper image when the sandbox has it, else any image: the reader container never runs. */
    private static String readerImage(Evidence evidence) {
        ImageCatalog images = evidence.images();
        String helper = evidence.context().helperImage();
        return ImageReference.tryParse(helper).map(images::named).filter(found -> !found.isEmpty())
                .map(found -> found.get(0)).or(() -> images.all().stream().findFirst())
                .map(ImageFacts::id).orElseThrow(() -> new HelperImageMissingException(helper));
    }
}
