package io.calllog.command.call;

import io.calllog.events.SpeakerRole;

import java.time.Instant;

/**
 * A line of the transcript, at position {@code seq}.
 *
 * @param spokenAt when it was said; {@code null} means "when the service received it"; not compared on repeats
 */
public record AppendTranscriptLine(int seq, SpeakerRole role, String text, Instant spokenAt) implements CallCommand {
}
