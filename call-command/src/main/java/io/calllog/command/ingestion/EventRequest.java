package io.calllog.command.ingestion;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.calllog.command.call.CallCommand;

/**
 * One event as a worker posts it: {@code {"type": "started" | "transcript" | "completed" | "summarized", ...}}.
 * {@code callUuid} is required in a batch item; on {@code POST /api/calls/{uuid}/events} it may be left out, and if
 * given must equal the path's uuid.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = StartedRequest.class, name = "started"),
        @JsonSubTypes.Type(value = TranscriptRequest.class, name = "transcript"),
        @JsonSubTypes.Type(value = CompletedRequest.class, name = "completed"),
        @JsonSubTypes.Type(value = SummarizedRequest.class, name = "summarized")
})
sealed interface EventRequest permits StartedRequest, TranscriptRequest, CompletedRequest, SummarizedRequest {

    /** The names of the event types, as the {@code type} field spells them. */
    String TYPES = "started, transcript, completed, summarized";

    String callUuid();

    /** The {@code type} value this request was posted with. */
    String type();

    CallCommand toCommand();
}
