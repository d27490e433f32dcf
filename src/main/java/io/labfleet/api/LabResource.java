package io.labfleet.api;

import io.labfleet.lab.Lab;
import io.labfleet.lab.LabCatalog;
import io.labfleet.security.Role;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

@Path("/api/v1/labs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Labs")
@RolesAllowed({Role.LEARNER, Role.INSTRUCTOR, Role.ADMIN})
public class LabResource {

    private static final CacheControl REVALIDATE = CacheControl.valueOf("private, no-cache");

    private final LabCatalog catalog;
    private final CatalogJson catalogJson;
    /** Labs do not change while the service runs: each archive is built once, on first request. */
    private final Map<String, LabFilesArchive> archives = new ConcurrentHashMap<>();

    LabResource(LabCatalog catalog, CatalogJson catalogJson) {
        this.catalog = catalog;
        this.catalogJson = catalogJson;
    }

    @GET
    @NonBlocking
    @Operation(summary = "List the labs", description = "Every lab of the course, in course order, without instructions. "
            + "The ETag changes only with the catalog: send it back in If-None-Match to get 304.")
    @APIResponse(responseCode = "200", description = "The catalog", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = LabView.class)))
    @APIResponse(responseCode = "304", description = "Unchanged since the ETag sent in If-None-Match")
    public Response list(@Context Request request) {
        CatalogJson catalog = catalogJson;
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(catalog.tag());
        if (unchanged != null) {
            return unchanged.tag(catalog.tag()).cacheControl(REVALIDATE).build();
        }
        return Response.ok(catalog.body(), MediaType.APPLICATION_JSON_TYPE).tag(catalog.tag()).cacheControl(REVALIDATE)
                .build();
    }

    @GET
    @Path("/{labId}")
    @Operation(summary = "Get one lab", description = "The lab with its instructions (Markdown, French; English when written).")
    @APIResponse(responseCode = "200", description = "The lab")
    @APIResponse(responseCode = "404", description = "No such lab")
    public LabView get(@PathParam("labId") String labId) {
        return LabView.detail(lab(labId));
    }

    @GET
    @Path("/{labId}/files")
    @Produces(LabFilesArchive.MEDIA_TYPE)
    @Operation(summary = "Download the lab's files",
            description = "The files the learner works on (an app's sources, a compose file), as lab.yaml declares "
                    + "them (files), in a gzip-compressed tar whose names start with <labId>/: tar xzf FILE makes the "
                    + "folder <labId>/. A lab without files gives that folder alone. Never the solution nor the tests' "
                    + "scripts. The ETag changes only with the content: send it back in If-None-Match to get 304.")
    @APIResponse(responseCode = "200", description = "The archive",
            content = @Content(mediaType = LabFilesArchive.MEDIA_TYPE, schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "304", description = "Unchanged since the ETag sent in If-None-Match")
    @APIResponse(responseCode = "404", description = "No such lab")
    public Response files(@PathParam("labId") String labId, @Context Request request) {
        Lab lab = lab(labId);
        LabFilesArchive archive = archives.computeIfAbsent(lab.id(), id -> LabFilesArchive.of(lab));
        EntityTag tag = new EntityTag(archive.etag());
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
        if (unchanged != null) {
            return unchanged.tag(tag).cacheControl(REVALIDATE).build();
        }
        return Response.ok(archive.gzip(), LabFilesArchive.MEDIA_TYPE).tag(tag).cacheControl(REVALIDATE)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + lab.id() + ".tar.gz\"")
                .build();
    }

    private Lab lab(String labId) {
        return LabInPath.require(() -> catalog.require(labId));
    }
}
