package io.calllog.query.projection;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A projection's dead-letter queue: how many calls are held, how many events, and each call's letters. */
@Schema(name = "DeadLetters", requiredProperties = {"projection", "sequences", "letters", "calls"})
public record DeadLettersView(String projection, long sequences, long letters, List<DeadLetterSequenceView> calls) {
}
