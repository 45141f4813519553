package io.calllog.query.call;

import io.swagger.v3.oas.annotations.media.Schema;

/** One line of a call's transcript, as the Calls API shows it. */
@Schema(name = "TranscriptLine", requiredProperties = {"role", "text"})
public record TranscriptLineView(String role, String text) {
}
