package io.calllog.query.call;

/** A transcript line as the {@code calls} collection stores it: with its position, so the array stays in seq order. */
public record TranscriptLine(int seq, String role, String text) {
}
