package io.calllog.command.ingestion;

/** A valid event as posted, with its position in the request (0 for the single-event endpoint). */
record PostedEvent(int index, String callUuid, EventRequest request) {
}
