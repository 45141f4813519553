package io.calllog.command.ingestion;

import io.calllog.events.ClientId;
import io.calllog.command.call.CallCommand;
import io.calllog.command.call.StartCall;
import io.calllog.events.Direction;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.Instant;

@Schema(name = "StartedEvent", description = "The call started: its first event. The same again is a no-op "
        + "(200 duplicate); a different one is a 409 problem.")
record StartedRequest(@Pattern(regexp = ClientId.REGEX, message = ClientId.RULE) String callUuid,
                      @NotNull @Pattern(regexp = ClientId.REGEX, message = ClientId.RULE) String campaignUuid,
                      @NotNull @Pattern(regexp = ClientId.REGEX, message = ClientId.RULE) String recordUuid,
                      @NotNull Direction direction,
                      @Schema(description = "When the call started; default: when it is recorded") Instant startedAt) implements EventRequest {

    @Override
    public String type() {
        return "started";
    }

    @Override
    public CallCommand toCommand() {
        return new StartCall(campaignUuid, recordUuid, direction, startedAt);
    }
}
