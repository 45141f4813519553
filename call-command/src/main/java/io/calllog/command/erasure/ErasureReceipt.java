package io.calllog.command.erasure;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * The answer to an erasure (202): the calls whose keys are destroyed. The read models show them erased within the
 * projections' lag.
 *
 * @param recordUuid  the record erased, or the erased call's record
 * @param calls       every call concerned, each saying whether this request erased it or an earlier one had
 * @param requestedAt when this request was taken
 */
@Schema(name = "ErasureReceipt", requiredProperties = {"recordUuid", "calls", "requestedAt"})
record ErasureReceipt(String recordUuid, List<ErasedCall> calls, Instant requestedAt) {

    /**
     * @param callUuid the call
     * @param erasedNow true when this request erased it, false when it was erased before (a repeat is harmless)
     */
    @Schema(name = "ErasedCall", requiredProperties = {"callUuid", "erasedNow"})
    record ErasedCall(String callUuid, boolean erasedNow) {
    }
}
