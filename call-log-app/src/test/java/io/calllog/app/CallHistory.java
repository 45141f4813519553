package io.calllog.app;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A reproducible history of calls for replay tests: calls of a few campaigns over several UTC days, transcript lines
 * posted out of order, most calls completed with every status, some summarised twice. It gives the ingestion batches
 * to post, and computes each campaign's report from the calls themselves, independently of the projection.
 */
final class CallHistory {

    static final String[] STATUSES = {"completed", "failed", "busy", "no-answer"};

    record Call(String uuid, String campaign, Instant startedAt, List<String> lineRoles, String status, int duration,
                BigDecimal cost, List<String> summaries) {
    }

    /** One campaign's expected report, with the same field names as the API's. */
    record ExpectedReport(long calls, Map<String, Long> callsPerStatus, long totalDuration, BigDecimal totalCost,
                          Map<String, Long> callsPerDay, Map<String, Long> transcriptLinesPerRole) {
    }

    private final List<Call> calls = new ArrayList<>();
    private final Random random;

    CallHistory(String prefix, int count, int campaigns, long seed) {
        random = new Random(seed);
        for (int i = 0; i < count; i++) {
            List<String> roles = new ArrayList<>();
            for (int line = 0, lines = random.nextInt(6); line < lines; line++) {
                roles.add(random.nextBoolean() ? "assistant" : "user");
            }
            boolean ended = random.nextInt(10) < 8;
            List<String> summaries = new ArrayList<>();
            for (int s = 0, n = ended ? random.nextInt(3) : 0; s < n; s++) {
                summaries.add("summary " + s + " of call " + i);
            }
            calls.add(new Call(prefix + "_" + i, "campaign_" + prefix + "_" + random.nextInt(campaigns),
                    Instant.parse("2026-03-01T00:00:00Z").plusSeconds(random.nextInt(7 * 24 * 3600)), roles,
                    ended ? STATUSES[random.nextInt(STATUSES.length)] : null, random.nextInt(600),
                    BigDecimal.valueOf(random.nextInt(200), 2), summaries));
        }
    }

    List<Call> calls() {
        return calls;
    }

    /** The history as ingestion batches of at most {@code maxItems} events, each call's start first. */
    List<String> batches(int maxItems) {
        List<String> items = new ArrayList<>();
        for (Call call : calls) {
            items.add("""
                    {"callUuid":"%s","type":"started","campaignUuid":"%s","recordUuid":"record_1","direction":"outbound","startedAt":"%s"}"""
                    .formatted(call.uuid(), call.campaign(), call.startedAt()));
            List<Integer> order = new ArrayList<>();
            for (int seq = 0; seq < call.lineRoles().size(); seq++) {
                order.add(seq);
            }
            Collections.shuffle(order, random);
            for (int seq : order) {
                items.add("""
                        {"callUuid":"%s","type":"transcript","seq":%d,"role":"%s","text":"line %d of %s"}"""
                        .formatted(call.uuid(), seq, call.lineRoles().get(seq), seq, call.uuid()));
            }
            if (call.status() != null) {
                items.add("""
                        {"callUuid":"%s","type":"completed","status":"%s","duration":%d,"cost":%s}"""
                        .formatted(call.uuid(), call.status(), call.duration(), call.cost().toPlainString()));
            }
            for (String summary : call.summaries()) {
                items.add("""
                        {"callUuid":"%s","type":"summarized","summary":"%s"}""".formatted(call.uuid(), summary));
            }
        }
        List<String> batches = new ArrayList<>();
        for (int from = 0; from < items.size(); from += maxItems) {
            batches.add("{\"events\":[" + String.join(",", items.subList(from, Math.min(items.size(), from + maxItems)))
                    + "]}");
        }
        return batches;
    }

    /** Each campaign's report, computed from the calls. */
    Map<String, ExpectedReport> expectedReports() {
        Map<String, ExpectedReport> reports = new TreeMap<>();
        calls.stream().map(Call::campaign).distinct().forEach(campaign -> {
            List<Call> ofCampaign = calls.stream().filter(call -> call.campaign().equals(campaign)).toList();
            Map<String, Long> perStatus = new TreeMap<>();
            perStatus.put("in-progress", 0L);
            for (String status : STATUSES) {
                perStatus.put(status, 0L);
            }
            Map<String, Long> perDay = new TreeMap<>();
            Map<String, Long> perRole = new TreeMap<>(Map.of("assistant", 0L, "user", 0L));
            long totalDuration = 0;
            BigDecimal totalCost = BigDecimal.ZERO;
            for (Call call : ofCampaign) {
                perStatus.merge(call.status() == null ? "in-progress" : call.status(), 1L, Long::sum);
                perDay.merge(call.startedAt().atOffset(ZoneOffset.UTC).toLocalDate().toString(), 1L, Long::sum);
                call.lineRoles().forEach(role -> perRole.merge(role, 1L, Long::sum));
                if (call.status() != null) {
                    totalDuration += call.duration();
                    totalCost = totalCost.add(call.cost());
                }
            }
            reports.put(campaign, new ExpectedReport(ofCampaign.size(), perStatus, totalDuration, totalCost, perDay,
                    perRole));
        });
        return reports;
    }
}
