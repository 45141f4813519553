package io.calllog.query.projection;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The dead letters of one call, oldest first: the first is the event that failed, the rest wait behind it. */
@Schema(name = "DeadLetteredCall", requiredProperties = {"callUuid", "letters"})
public record DeadLetterSequenceView(String callUuid, List<DeadLetterView> letters) {
}
