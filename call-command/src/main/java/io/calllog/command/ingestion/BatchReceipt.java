package io.calllog.command.ingestion;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * The answer to {@code POST /api/events}: one {@link ItemReceipt} per posted item, in the posted order, and counts.
 * Items with status 2xx are durably in the event store; the others stored nothing.
 */
@Schema(requiredProperties = {"recorded", "duplicates", "rejected", "results"})
public record BatchReceipt(int recorded, int duplicates, int rejected, List<ItemReceipt> results) {

    static BatchReceipt of(List<ItemReceipt> results) {
        int recorded = 0;
        int duplicates = 0;
        for (ItemReceipt item : results) {
            if (item.status() == 201) {
                recorded++;
            } else if (item.status() == 200) {
                duplicates++;
            }
        }
        return new BatchReceipt(recorded, duplicates, results.size() - recorded - duplicates, List.copyOf(results));
    }
}
