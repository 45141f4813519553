package io.calllog.query.projection;

import java.util.List;

/** A projection's dead-letter queue: how many calls are held, how many events, and each call's letters. */
record DeadLettersView(String projection, long sequences, long letters, List<DeadLetterSequenceView> calls) {
}
