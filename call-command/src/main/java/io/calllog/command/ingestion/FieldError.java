package io.calllog.command.ingestion;

/**
 * One reason a request was refused, naming the field as a path into the posted JSON ({@code seq},
 * {@code events[3].text}).
 */
public record FieldError(String field, String reason) {

    FieldError within(String prefix) {
        return new FieldError(prefix + "." + field, reason);
    }
}
