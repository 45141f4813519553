package io.calllog.command.ingestion;

import io.calllog.command.call.AppendTranscriptLine;
import io.calllog.command.call.CallCommand;
import io.calllog.events.SpeakerRole;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.time.Instant;

record TranscriptRequest(@Pattern(regexp = CallUuid.REGEX, message = CallUuid.RULE) String callUuid,
                         @NotNull @PositiveOrZero Integer seq,
                         @NotNull SpeakerRole role,
                         @NotNull @Size(min = 1, max = Limits.MAX_TEXT) String text,
                         Instant at) implements EventRequest {

    @Override
    public String type() {
        return "transcript";
    }

    @Override
    public CallCommand toCommand() {
        return new AppendTranscriptLine(seq, role, text, at);
    }
}
