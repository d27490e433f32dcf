package io.labfleet.api;

import io.labfleet.commons.ServiceThreads;
import io.labfleet.gateway.GatewayAddress;
import io.labfleet.sandbox.Sandbox;
import io.labfleet.sandbox.SandboxEvent;
import io.labfleet.sandbox.SandboxEvents;
import io.labfleet.sandbox.SandboxFilter;
import io.labfleet.sandbox.SandboxService;
import io.labfleet.sandbox.SandboxState;
import io.labfleet.security.CallerResolver;
import io.labfleet.security.Role;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

@Path("/api/v1/sandboxes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sandboxes")
@RolesAllowed({Role.LEARNER, Role.INSTRUCTOR, Role.ADMIN})
public class SandboxResource {

    private final SandboxService sandboxes;
    private final SandboxEvents events;
    private final CallerResolver callers;
    private final GatewayAddress gatewayAddress;
    private final EventStreamLimit streamLimit;
    /** Reads the state of every open event stream's sandbox now and then (changes made by other replicas). */
    private final ScheduledExecutorService poller;

    SandboxResource(SandboxService sandboxes, SandboxEvents events, CallerResolver callers, GatewayAddress gatewayAddress,
                    EventStreamLimit streamLimit, ServiceThreads threads) {
        this.sandboxes = sandboxes;
        this.poller = threads.scheduler("sandbox-event-poll");
        this.streamLimit = streamLimit;
        this.events = events;
        this.callers = callers;
        this.gatewayAddress = gatewayAddress;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a sandbox for a lab",
            description = "Records the sandbox and starts provisioning it: the answer comes at once with state "
                    + "REQUESTED; follow /events or poll until READY. When the lab's warm pool holds a sandbox, it is "
                    + "yours at once and the answer says READY. Counts against the tenant's and the learner's quotas.")
    @APIResponse(responseCode = "202", description = "Accepted; Location points to the sandbox",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SandboxView.class)))
    @APIResponse(responseCode = "400", description = "Malformed request or unknown lab")
    @APIResponse(responseCode = "429", description = "A quota is used up")
    @APIResponse(responseCode = "503", description = "The backend does not answer")
    public Response create(@Valid @NotNull CreateSandboxRequest request, @jakarta.ws.rs.core.Context UriInfo uri) {
        Sandbox sandbox = sandboxes.create(callers.currentWithTenant(), request.labId(), request.ttlMinutes());
        return Response.accepted(view(sandbox)).location(uri.getAbsolutePathBuilder().path(sandbox.id).build()).build();
    }

    @GET
    @Operation(summary = "List sandboxes",
            description = "A learner sees their own, an instructor their tenant's, an admin all. Newest first.")
    @APIResponse(responseCode = "200", description = "One page of sandboxes")
    public PageView list(
            @Parameter(description = "Only this lab") @QueryParam("labId") @Size(max = 63) String labId,
            @Parameter(description = "Only this learner, by id (token subject) or name (instructors, admins)") @QueryParam("learner") @Size(max = 255) String learner,
            @Parameter(description = "Only this tenant (admins)") @QueryParam("tenant") @Size(max = 63) String tenant,
            @Parameter(description = "Only this state: REQUESTED, PROVISIONING, READY, EXPIRING, TERMINATING, "
                    + "TERMINATED or FAILED") @QueryParam("state") String state,
            @Parameter(description = "Page number, from 0") @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100000) int page,
            @Parameter(description = "Page size, 1 to 100") @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        var filter = new SandboxFilter(tenant, learner, labId, QueryParams.enumValue(SandboxState.class, "state", state));
        var found = sandboxes.list(callers.currentForListing(), filter, page, size);
        return new PageView(found.items().stream().map(this::view).toList(), found.page(), found.size(), found.total());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a sandbox")
    @APIResponse(responseCode = "200", description = "The sandbox")
    @APIResponse(responseCode = "404", description = "No such sandbox, or not yours")
    public SandboxView get(@PathParam("id") String id) {
        return view(sandboxes.get(callers.current(), id));
    }

    @POST
    @Path("/{id}/extend")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Extend a sandbox's lifetime", description = "Adds minutes, never beyond the tenant's maximum lifetime.")
    @APIResponse(responseCode = "200", description = "The sandbox with its new expiry")
    @APIResponse(responseCode = "409", description = "Ending, or already at the maximum lifetime")
    public SandboxView extend(@PathParam("id") String id, @Valid @NotNull ExtendRequest request) {
        return view(sandboxes.extend(callers.current(), id, request.minutes()));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a sandbox", description = "Starts the teardown; the sandbox becomes TERMINATED once "
            + "everything it owned is removed. Deleting an ended sandbox changes nothing.")
    @APIResponse(responseCode = "202", description = "Teardown started",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SandboxView.class)))
    @APIResponse(responseCode = "404", description = "No such sandbox, or not yours")
    @APIResponse(responseCode = "503", description = "The backend does not answer; nothing was changed")
    public Response delete(@PathParam("id") String id) {
        return Response.accepted(view(sandboxes.terminate(callers.current(), id))).build();
    }

    @GET
    @Blocking
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Follow a sandbox",
            description = "Server-sent events: the current state first, then provisioning progress and every state "
                    + "change; the stream ends when the sandbox reaches TERMINATED or FAILED.")
    @APIResponse(responseCode = "200", description = "An event stream",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = SandboxEvent.class)))
    @APIResponse(responseCode = "429", description = "The caller already holds as many event streams open as allowed")
    public Multi<SandboxEvent> events(@PathParam("id") String id) {
        var caller = callers.current();
        Sandbox initial = sandboxes.get(caller, id);
        Runnable closed = streamLimit.open(caller);
        return new SandboxEventStream(id, SandboxEvent.state(initial), events, () -> sandboxes.get(caller, id),
                poller, Duration.ofSeconds(2)).multi().onTermination().invoke(closed);
    }

    private SandboxView view(Sandbox sandbox) {
        return SandboxView.of(sandbox, gatewayAddress.host(), gatewayAddress.port());
    }
}
