package io.calllog.command.ingestion;

import io.calllog.command.call.CallCommand;
import io.calllog.command.call.CompleteCall;
import io.calllog.events.CallStatus;
import io.calllog.events.EndReason;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.URL;

import java.math.BigDecimal;
import java.time.Instant;

record CompletedRequest(@Pattern(regexp = CallUuid.REGEX, message = CallUuid.RULE) String callUuid,
                        @NotNull CallStatus status,
                        @NotNull @PositiveOrZero Long duration,
                        @NotNull @DecimalMin("0") BigDecimal cost,
                        @Size(max = Limits.MAX_URL) @URL(regexp = "^(http|https)://.*",
                                message = "must be an http or https URL") String recordingUrl,
                        Instant endedAt,
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
