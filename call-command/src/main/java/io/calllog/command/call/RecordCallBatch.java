package io.calllog.command.call;

import java.util.List;

/**
 * The facts of many calls at once (a posted batch): handled in one unit of work, so a batch costs one transaction
 * and one batched insert however many calls it touches. Each call's facts are decided by its own {@link Call}
 * aggregate, exactly as a {@link RecordCallFacts} command would be.
 *
 * @param calls one entry per call, each call at most once
 */
public record RecordCallBatch(List<RecordCallFacts> calls) {

    public RecordCallBatch {
        calls = List.copyOf(calls);
    }
}
