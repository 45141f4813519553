package io.calllog.command.ingestion;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.http.ProblemDetail;

/**
 * The answer for one item of a batch: the HTTP status it would have had on its own, the outcome ({@code recorded},
 * {@code duplicate}, {@code conflict}, {@code not-found}, {@code invalid}, {@code unavailable}) and, unless it was
 * stored, the problem.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemReceipt(int index, String callUuid, String type, int status, String outcome, ProblemDetail problem) {
}
