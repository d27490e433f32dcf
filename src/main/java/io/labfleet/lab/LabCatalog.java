package io.labfleet.lab;

import io.labfleet.config.LabfleetConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The labs loaded at start-up from {@code labfleet.labs.directory}; start-up fails on a faulty lab. */
@Startup
@ApplicationScoped
public class LabCatalog {

    private static final Logger LOG = Logger.getLogger(LabCatalog.class);

    private final Map<String, Lab> byId;

    LabCatalog(LabfleetConfig config) {
        List<Lab> labs = new LabCatalogLoader().load(config.labs().directory());
        this.byId = labs.stream().collect(Collectors.toUnmodifiableMap(Lab::id, Function.identity()));
        LOG.infof("Loaded %d labs from %s", byId.size(), config.labs().directory().toAbsolutePath());
    }

    /** All labs in course order (part, chapter, id). */
    public List<Lab> all() {
        return byId.values().stream()
                .sorted(Comparator.comparingInt(Lab::part).thenComparingInt(Lab::chapter).thenComparing(Lab::id))
                .toList();
    }

    public Optional<Lab> find(String labId) {
        return Optional.ofNullable(labId).map(byId::get);
    }

    public Lab require(String labId) {
        return find(labId).orElseThrow(() -> new UnknownLabException(labId));
    }
}
