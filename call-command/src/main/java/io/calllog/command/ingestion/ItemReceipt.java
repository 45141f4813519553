package io.calllog.command.ingestion;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.calllog.access.ApiDescriptionConfiguration;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.http.ProblemDetail;

/**
 * The answer for one item of a batch: the HTTP status it would have had on its own, the outcome ({@code recorded},
 * {@code duplicate}, {@code conflict}, {@code not-found}, {@code erased}, {@code invalid}, {@code unavailable}) and,
 * unless it was stored, the problem.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(requiredProperties = {"index", "status", "outcome"})
public record ItemReceipt(@Schema(description = "The item's position in the posted events, from 0") int index,
                          String callUuid,
                          @Schema(description = "The posted type, as given") String type,
                          @Schema(description = "The status the item would have had on its own") int status,
                          @Schema(allowableValues = {"recorded", "duplicate", "conflict", "not-found", "erased",
                                  "invalid", "unavailable"}) String outcome,
                          @Schema(ref = ApiDescriptionConfiguration.PROBLEM_REF,
                                  description = "Why the item was not stored; absent when it was") ProblemDetail problem) {
}
