package io.calllog.command.ingestion;

import io.calllog.command.call.CallCommand;
import io.calllog.command.call.StartCall;
import io.calllog.events.Direction;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.Instant;

record StartedRequest(@Pattern(regexp = CallUuid.REGEX, message = CallUuid.RULE) String callUuid,
                      @NotNull @Pattern(regexp = CallUuid.REGEX, message = CallUuid.RULE) String campaignUuid,
                      @NotNull @Pattern(regexp = CallUuid.REGEX, message = CallUuid.RULE) String recordUuid,
                      @NotNull Direction direction,
                      Instant startedAt) implements EventRequest {

    @Override
    public String type() {
        return "started";
    }

    @Override
    public CallCommand toCommand() {
        return new StartCall(campaignUuid, recordUuid, direction, startedAt);
    }
}
