package io.calllog.app.faults;

/** A batch of the five events of one call (started, three lines, completed), as the fault tests post them. */
final class FiveEventCall {

    private FiveEventCall() {
    }

    static String batch(String call, String campaign) {
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
}
