package io.calllog.command.erasure;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What an erasure is asked with.
 *
 * @param reason why (a ticket number, the legal basis): kept in the {@code PersonalDataErased} event, so it must not
 *               hold personal data itself
 */
@Schema(name = "ErasureRequest", requiredProperties = {"reason"})
record ErasureRequest(@Schema(minLength = 1, maxLength = ErasureRequest.MAX_REASON,
        example = "GDPR art. 17 request, ticket 4711") String reason) {

    static final int MAX_REASON = 500;
}
