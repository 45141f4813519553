package io.calllog.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The calls of one benchmark round: each call is {@code started}, {@code lines} transcript lines, {@code completed}
 * and {@code summarized}, with realistic text sizes. Call ids carry the round's prefix so rounds never collide.
 */
final class Workload {

    private static final String[] SENTENCES = {
            "Hello, this is Sarah from Call Camp. How are you today?",
            "I'm good, thanks for calling.",
            "I'm calling about our spring promotion on home insurance; do you have a minute?",
            "Sure, but I only have a few minutes before my next meeting.",
            "That works. Could you tell me when your current policy renews?",
            "I think it renews in June, but I would have to check the paperwork."
    };

    record Call(String uuid, List<String> events) {
    }

    private final List<Call> calls = new ArrayList<>();

    Workload(String prefix, int callCount, int lines) {
        for (int c = 0; c < callCount; c++) {
            String uuid = prefix + "_call_" + c;
            List<String> events = new ArrayList<>(lines + 3);
            events.add("""
                    {"type":"started","campaignUuid":"campaign_%d","recordUuid":"record_%d","direction":"outbound"}"""
                    .formatted(c % 10, c));
            for (int seq = 0; seq < lines; seq++) {
                events.add("""
                        {"type":"transcript","seq":%d,"role":"%s","text":"%s"}"""
                        .formatted(seq, seq % 2 == 0 ? "assistant" : "user", SENTENCES[seq % SENTENCES.length]));
            }
            events.add("""
                    {"type":"completed","status":"completed","duration":%d,"cost":0.45,"recordingUrl":"https://storage.callcamp.com/recordings/%s.mp3"}"""
                    .formatted(60 + c % 120, uuid));
            events.add("""
                    {"type":"summarized","summary":"Customer expressed interest in the promotion and requested a callback next Tuesday."}""");
            calls.add(new Call(uuid, events));
        }
    }

    List<Call> calls() {
        return calls;
    }

    int eventCount() {
        return calls.stream().mapToInt(c -> c.events().size()).sum();
    }

    /** The calls handled by client {@code client} of {@code clients}. */
    List<Call> callsOf(int client, int clients) {
        List<Call> mine = new ArrayList<>();
        for (int i = client; i < calls.size(); i += clients) {
            mine.add(calls.get(i));
        }
        return mine;
    }

    /**
     * Batches as a worker that buffers events across its live calls would send them: {@code callsPerBatch} calls per
     * batch, their events interleaved in time order (all starts, then line 0 of each, ...).
     */
    static List<String> batches(List<Call> calls, int callsPerBatch) {
        List<String> batches = new ArrayList<>();
        for (int from = 0; from < calls.size(); from += callsPerBatch) {
            List<Call> group = calls.subList(from, Math.min(calls.size(), from + callsPerBatch));
            List<String> items = new ArrayList<>();
            int longest = group.stream().mapToInt(c -> c.events().size()).max().orElse(0);
            for (int e = 0; e < longest; e++) {
                for (Call call : group) {
                    if (e < call.events().size()) {
                        items.add(call.events().get(e).replaceFirst("\\{", "{\"callUuid\":\"" + call.uuid() + "\","));
                    }
                }
            }
            batches.add("{\"events\":[" + String.join(",", items) + "]}");
        }
        return batches;
    }
}
