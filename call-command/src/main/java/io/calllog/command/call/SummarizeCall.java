package io.calllog.command.call;

/** The AI's summary of the call; a later summary replaces an earlier one. */
public record SummarizeCall(String summary) implements CallCommand {
}
