package io.calllog.command.ingestion;

import io.calllog.events.ClientId;
import io.calllog.command.call.CallCommand;
import io.calllog.command.call.CompleteCall;
import io.calllog.events.CallStatus;
import io.calllog.events.EndReason;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.URL;

import java.math.BigDecimal;
import java.time.Instant;

@Schema(name = "CompletedEvent", description = "The call ended, once. The same again is a no-op; a different "
        + "one is a 409 problem.")
record CompletedRequest(@Pattern(regexp = ClientId.REGEX, message = ClientId.RULE) String callUuid,
                        @NotNull CallStatus status,
                        @Schema(minimum = "0", description = "Whole seconds") @NotNull @PositiveOrZero Long duration,
                        @NotNull @DecimalMin("0") BigDecimal cost,
                        @Schema(format = "uri", description = "An http or https URL") @Size(max = Limits.MAX_URL) @URL(regexp = "^(http|https)://.*",
                                message = "must be an http or https URL") String recordingUrl,
                        Instant endedAt,
                        @Schema(description = "Why the call ended; default: the reason its status implies")
                        EndReason endReason) implements EventRequest {

    @Override
    public String type() {
        return "completed";
    }

    @Override
    public CallCommand toCommand() {
        return new CompleteCall(status, duration, cost, recordingUrl, endedAt, endReason);
    }
}
