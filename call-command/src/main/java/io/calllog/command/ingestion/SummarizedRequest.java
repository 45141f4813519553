package io.calllog.command.ingestion;

import io.calllog.events.ClientId;
import io.calllog.command.call.CallCommand;
import io.calllog.command.call.SummarizeCall;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

@Schema(name = "SummarizedEvent", description = "The AI's summary of the call, any time after the start; may "
        + "come again (re-analysis): the latest wins.")
record SummarizedRequest(@Pattern(regexp = ClientId.REGEX, message = ClientId.RULE) String callUuid,
                         @NotNull @Size(min = 1, max = Limits.MAX_TEXT) String summary) implements EventRequest {

    @Override
    public String type() {
        return "summarized";
    }

    @Override
    public CallCommand toCommand() {
        return new SummarizeCall(summary);
    }
}
