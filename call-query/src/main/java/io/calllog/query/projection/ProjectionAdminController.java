package io.calllog.query.projection;

import io.calllog.query.problem.NotFoundException;
import io.calllog.access.ApiDescriptionConfiguration;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

/** Projection administration: every projection's state and position, and replays with their progress. */
@RestController
@Tag(name = ApiDescriptionConfiguration.PROJECTIONS)
class ProjectionAdminController {

    static final URI REPLAY_NOT_FOUND = URI.create("urn:call-log:problem:replay-not-found");

    private final ProjectionAdministration administration;
    private final ReplayCoordinator replays;
    private final DeadLetters deadLetters;

    ProjectionAdminController(ProjectionAdministration administration, ReplayCoordinator replays,
                              DeadLetters deadLetters) {
        this.administration = administration;
        this.replays = replays;
        this.deadLetters = deadLetters;
    }

    static String replayPath(String projection) {
        return "/api/admin/projections/" + projection + "/replay";
    }

    @Operation(operationId = "listProjections", summary = "Every projection",
            description = "State (running, replaying, stopped, failing), position, head of the event store, lag in "
                    + "events, and each segment with the instance that holds it.")
    @ApiResponse(responseCode = "200", description = "Every projection", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            array = @ArraySchema(schema = @Schema(implementation = ProjectionStatus.class))))
    @GetMapping(path = "/api/admin/projections", produces = MediaType.APPLICATION_JSON_VALUE)
    List<ProjectionStatus> projections() {
        return administration.all();
    }

    @Operation(operationId = "getProjection", summary = "One projection")
    @Parameter(name = "name", in = ParameterIn.PATH, description = "The projection: `calls` or `campaign-stats`",
            schema = @Schema(type = "string"))
    @ApiResponse(responseCode = "200", description = "The projection", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ProjectionStatus.class)))
    @GetMapping(path = "/api/admin/projections/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    ProjectionStatus projection(@PathVariable String name) {
        return administration.require(name);
    }

    @Operation(operationId = "startReplay", summary = "Clear and rebuild a projection from the whole event store",
            description = "Returns at once (202) with the replay's status; follow it at the Location. A replay "
                    + "requested while one of the same projection runs is a 409 problem.")
    @Parameter(name = "name", in = ParameterIn.PATH, description = "The projection: `calls` or `campaign-stats`",
            schema = @Schema(type = "string"))
    @ApiResponse(responseCode = "202", description = "The replay is under way; follow it at the Location",
            headers = @Header(name = "Location", description = "The replay's progress",
                    schema = @Schema(type = "string")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ReplayStatus.class)))
    @ApiResponse(responseCode = "409", description = "A replay of this projection is already running")
    @PostMapping(path = "/api/admin/projections/{name}/replay", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ReplayStatus> replay(@PathVariable String name) {
        administration.require(name);
        return ResponseEntity.accepted().location(URI.create(replayPath(name))).body(replays.replay(name));
    }

    @Operation(operationId = "getReplay", summary = "The progress of a projection's last replay",
            description = "Events done of total, rate and estimated time left.")
    @Parameter(name = "name", in = ParameterIn.PATH, description = "The projection: `calls` or `campaign-stats`",
            schema = @Schema(type = "string"))
    @ApiResponse(responseCode = "200", description = "The last replay", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ReplayStatus.class)))
    @ApiResponse(responseCode = "404", description = "No such projection, or it was never replayed")
    @GetMapping(path = "/api/admin/projections/{name}/replay", produces = MediaType.APPLICATION_JSON_VALUE)
    ReplayStatus replayStatus(@PathVariable String name) {
        administration.require(name);
        return administration.replayOf(name).orElseThrow(() -> new NotFoundException(REPLAY_NOT_FOUND,
                "No replay", "projection " + name + " has never been replayed", "projection", name));
    }

    @Operation(operationId = "listDeadLetters", summary = "The events a projection could not handle",
            description = "Per call, its dead-lettered events in order: the first failed (cause, attempts), the "
                    + "others wait behind it. Other calls are not held up.")
    @Parameter(name = "name", in = ParameterIn.PATH, description = "The projection: `calls` or `campaign-stats`",
            schema = @Schema(type = "string"))
    @ApiResponse(responseCode = "200", description = "The dead letters", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = DeadLettersView.class)))
    @GetMapping(path = "/api/admin/projections/{name}/dead-letters", produces = MediaType.APPLICATION_JSON_VALUE)
    DeadLettersView deadLetters(@PathVariable String name) {
        administration.require(name);
        // no queue: dead-lettering is turned off (calllog.projections.dead-letters.enabled=false)
        return deadLetters.of(name).orElseGet(() -> new DeadLettersView(name, 0, 0, List.of()));
    }

    @Operation(operationId = "retryDeadLetters", summary = "Hand a projection's dead letters to it again",
            description = "Each held call once, in order: a call whose letters are all handled leaves the queue; "
                    + "one whose first letter fails again stays, with the new cause.")
    @Parameter(name = "name", in = ParameterIn.PATH, description = "The projection: `calls` or `campaign-stats`",
            schema = @Schema(type = "string"))
    @ApiResponse(responseCode = "200", description = "What the retry did", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = DeadLetterRetry.class)))
    @PostMapping(path = "/api/admin/projections/{name}/dead-letters/retry", produces = MediaType.APPLICATION_JSON_VALUE)
    DeadLetterRetry retryDeadLetters(@PathVariable String name) {
        administration.require(name);
        return deadLetters.retry(name).orElseGet(() -> new DeadLetterRetry(name, 0, 0, 0));
    }
}
