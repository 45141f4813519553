package io.calllog.app.dashboard;

import io.calllog.testsupport.ApiClient;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A campaign as the dashboard's tests see it: {@value #DAYS} past days of three calls each (one completed, one not
 * answered, one busy), every other completed call about the "spring promotion", and one call running today.
 */
final class CampaignCalls {

    static final int DAYS = 5;
    static final int CALLS = DAYS * 3 + 1;
    static final int NO_ANSWER = DAYS;
    static final int PROMOTION = (DAYS + 1) / 2;
    static final LocalDate FIRST_DAY = LocalDate.of(2026, 11, 26);

    private CampaignCalls() {
    }

    static void record(ApiClient api, String campaign) {
        List<String> events = new ArrayList<>();
        for (int day = 0; day < DAYS; day++) {
            String at = FIRST_DAY.plusDays(day) + "T1" + day + ":00:00Z";
            String subject = day % 2 == 0 ? "the spring promotion" : "the summer offer";
            String answered = campaign + "_d" + day + "_answered";
            events.add(started(answered, campaign, at));
            events.add(event(answered, """
                    "type":"transcript","seq":0,"role":"assistant","text":"Hello, this is Sarah from Call Camp."\
                    """));
            events.add(event(answered, "\"type\":\"transcript\",\"seq\":1,\"role\":\"user\",\"text\":\"Tell me about "
                    + subject + ".\""));
            events.add(event(answered, "\"type\":\"completed\",\"status\":\"completed\",\"duration\":" + (60 + day * 30)
                    + ",\"cost\":0." + (3 + day) + "5"));
            String unanswered = campaign + "_d" + day + "_unanswered";
            events.add(started(unanswered, campaign, at));
            events.add(event(unanswered, "\"type\":\"completed\",\"status\":\"no-answer\",\"duration\":0,\"cost\":0"));
            String busy = campaign + "_d" + day + "_busy";
            events.add(started(busy, campaign, at));
            events.add(event(busy, "\"type\":\"completed\",\"status\":\"busy\",\"duration\":2,\"cost\":0.02"));
        }
        assertThat(api.postBatch("{\"events\":[" + String.join(",", events) + "]}").status()).isBetween(200, 299);
        start(api, campaign + "_today_running", campaign, "Good afternoon!");
        api.awaitProjection("calls");
    }

    /** A call that starts now, with its first line. */
    static void start(ApiClient api, String call, String campaign, String firstLine) {
        assertThat(api.postEvent(call, "{\"type\":\"started\",\"campaignUuid\":\"" + campaign
                + "\",\"recordUuid\":\"record_" + call + "\",\"direction\":\"outbound\"}").status()).isEqualTo(201);
        assertThat(api.postEvent(call, "{\"type\":\"transcript\",\"seq\":0,\"role\":\"assistant\",\"text\":\""
                + firstLine + "\"}").status()).isEqualTo(201);
        api.awaitCall(call, "in-progress");
    }

    private static String started(String call, String campaign, String at) {
        return event(call, "\"type\":\"started\",\"campaignUuid\":\"" + campaign + "\",\"recordUuid\":\"record_"
                + call + "\",\"direction\":\"outbound\",\"startedAt\":\"" + at + "\"");
    }

    private static String event(String call, String fields) {
        return "{\"callUuid\":\"" + call + "\"," + fields.strip() + "}";
    }
}
