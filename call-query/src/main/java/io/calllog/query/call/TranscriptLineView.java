package io.calllog.query.call;

/** One line of a call's transcript, as the Calls API shows it. */
public record TranscriptLineView(String role, String text) {
}
