package io.calllog.command.call;

/**
 * One fact a telephony worker reports about a call. The {@link Call} aggregate decides, per fact, whether it is new,
 * a harmless repeat, or a conflict. Facts reach the aggregate inside a {@link RecordCallFacts} command.
 */
public sealed interface CallCommand permits StartCall, AppendTranscriptLine, CompleteCall, SummarizeCall {
}
