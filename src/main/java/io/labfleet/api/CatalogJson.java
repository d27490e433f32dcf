package io.labfleet.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.labfleet.commons.Sha256;
import io.labfleet.lab.LabCatalog;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.EntityTag;

import java.io.UncheckedIOException;

/**
 * The catalog as {@code GET /api/v1/labs} answers it (about 30 kB of JSON a training platform asks for again and
 * again) and its ETag. Labs do not change while the service runs, so it is serialised once, at start-up, by the
 * service's own object mapper (the text is what a list of {@link LabView}s would give): not on the event loop of
 * the first request, which would stall every other request on that loop meanwhile.
 */
@Startup
@Singleton
class CatalogJson {

    private final byte[] body;
    private final EntityTag tag;

    CatalogJson(LabCatalog catalog, ObjectMapper json) {
        try {
            this.body = json.writeValueAsBytes(catalog.all().stream().map(LabView::summary).toList());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        this.tag = new EntityTag(Sha256.hex(body));
    }

    byte[] body() {
        return body;
    }

    EntityTag tag() {
        return tag;
    }
}
