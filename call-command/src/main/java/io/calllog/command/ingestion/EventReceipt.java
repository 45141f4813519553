package io.calllog.command.ingestion;

/**
 * The answer to a stored event: {@code outcome} is {@code recorded} (201: appended now) or {@code duplicate} (200: it
 * was already in the event store with the same values; nothing appended).
 */
public record EventReceipt(String callUuid, String type, String outcome) {
}
