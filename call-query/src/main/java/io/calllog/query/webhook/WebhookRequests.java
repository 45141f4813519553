package io.calllog.query.webhook;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** The bodies the admin API takes, as the API description shows them (read by {@link WebhookAdministration}). */
final class WebhookRequests {

    private WebhookRequests() {
    }

    @Schema(name = "CreateWebhook", requiredProperties = {"url", "types"})
    record Create(@Schema(format = "uri", description = "https unless calllog.webhooks.allow-http") String url,
                  @Schema(description = "At least one of call.started, call.transcript, call.completed, "
                          + "call.summarized, call.erased") List<String> types,
                  @Schema(description = "Only this campaign's calls") String campaignUuid,
                  @Schema(maxLength = 500) String description,
                  @Schema(description = "Where it starts: `now` (the default: the feed's head), `start` (the whole "
                          + "history), or a change feed cursor") String after) {
    }

    @Schema(name = "UpdateWebhook", description = "Only the fields given change; `campaignUuid` and `description` "
            + "are cleared with null")
    record Update(Boolean enabled,
                  @Schema(format = "uri") String url,
                  @Schema(nullable = true, description = "Left as it is when absent or null") List<String> types,
                  @Schema(nullable = true) String campaignUuid,
                  @Schema(nullable = true, maxLength = 500) String description) {
    }

    @Schema(name = "ReplayWebhook", description = "Either `after` or `from` (with `to`, optional)")
    record Replay(@Schema(description = "A change feed cursor: the events after it, up to the head") String after,
                  @Schema(description = "The events stored from this instant (inclusive)") Instant from,
                  @Schema(description = "... up to this instant (exclusive); default now") Instant to) {
    }
}
