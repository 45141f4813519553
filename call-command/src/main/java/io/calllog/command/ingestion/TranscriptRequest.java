package io.calllog.command.ingestion;

import io.calllog.events.ClientId;
import io.calllog.command.call.AppendTranscriptLine;
import io.calllog.command.call.CallCommand;
import io.calllog.events.SpeakerRole;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.time.Instant;

@Schema(name = "TranscriptEvent", description = "A line spoken, at any time after the start (also after the "
        + "end). The same seq and text again is a no-op; the same seq with other text is a 409 problem.")
record TranscriptRequest(@Pattern(regexp = ClientId.REGEX, message = ClientId.RULE) String callUuid,
                         @Schema(minimum = "0", description = "The line's position in the transcript, unique within the call")
                         @NotNull @PositiveOrZero Integer seq,
                         @NotNull SpeakerRole role,
                         @NotNull @Size(min = 1, max = Limits.MAX_TEXT) String text,
                         @Schema(description = "When the line was spoken") Instant at) implements EventRequest {

    @Override
    public String type() {
        return "transcript";
    }

    @Override
    public CallCommand toCommand() {
        return new AppendTranscriptLine(seq, role, text, at);
    }
}
