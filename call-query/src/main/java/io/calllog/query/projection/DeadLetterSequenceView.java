package io.calllog.query.projection;

import java.util.List;

/** The dead letters of one call, oldest first: the first is the event that failed, the rest wait behind it. */
record DeadLetterSequenceView(String callUuid, List<DeadLetterView> letters) {
}
