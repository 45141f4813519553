package io.calllog.app.faults;

import io.calllog.testsupport.ApiClient;

/**
 * A batch of the five events of one call (started, three lines, completed), as the fault tests post them, and how
 * they post it as a worker would: again after a 503, once {@code Retry-After} has passed.
 */
public final class FiveEventCall {

    private FiveEventCall() {
    }

    public static String batch(String call, String campaign) {
        StringBuilder items = new StringBuilder("{\"events\":[{\"callUuid\":\"" + call + "\",\"type\":\"started\","
                + "\"campaignUuid\":\"" + campaign + "\",\"recordUuid\":\"r\",\"direction\":\"outbound\"}");
        for (int seq = 0; seq < 3; seq++) {
            items.append(",{\"callUuid\":\"").append(call).append("\",\"type\":\"transcript\",\"seq\":").append(seq)
                    .append(",\"role\":\"user\",\"text\":\"line ").append(seq).append("\"}");
        }
        items.append(",{\"callUuid\":\"").append(call)
                .append("\",\"type\":\"completed\",\"status\":\"completed\",\"duration\":1,\"cost\":0}]}");
        return items.toString();
    }

    /** Posts until the answer is not a 503, waiting as each 503 says; gives up after 30 attempts. */
    static ApiClient.Response postUntilNot503(ApiClient client, String batch) {
        ApiClient.Response response = client.postBatch(batch);
        for (int attempt = 1; response.status() == 503 && attempt < 30; attempt++) {
            waitAsToldBy(response.header("Retry-After"));
            response = client.postBatch(batch);
        }
        return response;
    }

    /** Waits the seconds of a {@code Retry-After} header (1 s without one): the client's side of the contract. */
    static void waitAsToldBy(String retryAfter) {
        try {
            Thread.sleep(Long.parseLong(retryAfter == null ? "1" : retryAfter) * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
