package io.calllog.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Events posted one per request at a steady rate, as telephony workers post them: paced lanes, each posting
 * synchronously the events of its calls in order ({@value #EVENTS_PER_CALL} per call: started, 8 lines, completed).
 * Shared by the benchmarks that time something from an event's 2xx (the live streams, the webhooks).
 */
final class PacedCalls {

    static final int EVENTS_PER_CALL = 10;

    /** Told of each event answered 201: its call, its step in the call (0: started) and when the 2xx came. */
    interface Acks {
        void acked(String call, int step, long ackedNanos);
    }

    private final ChildJvm app;
    private final HttpClient http;
    private final int rate;
    private final int lanes;

    PacedCalls(ChildJvm app, HttpClient http, int rate, int lanes) {
        this.app = app;
        this.http = http;
        this.rate = rate;
        this.lanes = lanes;
    }

    /**
     * Posts {@code total} events at the rate, the calls named {@code calls} and a lane and call number; adds each
     * POST's latency (nanoseconds) to {@code postLatencies}, and tells {@code acks} of each 201.
     */
    void post(long total, String calls, List<Long> postLatencies, Acks acks) throws InterruptedException {
        ScheduledExecutorService pacer = Executors.newScheduledThreadPool(lanes);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong done = new AtomicLong();
        long periodMicros = 1_000_000L * lanes / rate;
        for (int lane = 0; lane < lanes; lane++) {
            int laneId = lane;
            AtomicLong next = new AtomicLong();
            pacer.scheduleAtFixedRate(() -> {
                long n = next.getAndIncrement();
                if (n * lanes + laneId >= total) {
                    return;
                }
                String call = calls + laneId + "_" + (n / EVENTS_PER_CALL);
                int step = (int) (n % EVENTS_PER_CALL);
                try {
                    long start = System.nanoTime();
                    HttpResponse<String> response = http.send(app.request("/api/calls/" + call + "/events")
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(event(step))).build(),
                            HttpResponse.BodyHandlers.ofString());
                    long acked = System.nanoTime();
                    latencies.add(acked - start);
                    if (response.statusCode() == 201) {
                        acks.acked(call, step, acked);
                    } else {
                        System.out.println("post answered " + response.statusCode());
                    }
                } catch (Exception e) {
                    System.out.println("post failed: " + e);
                } finally {
                    done.incrementAndGet();
                }
            }, 0, periodMicros, TimeUnit.MICROSECONDS);
        }
        while (done.get() < total) {
            Thread.sleep(100);
        }
        pacer.shutdownNow();
        postLatencies.addAll(latencies);
    }

    /**
     * Posts {@code total} events at the rate in batches, as a worker that batches does: every 100 ms one request to
     * {@code POST /api/events} with the next event of each of a group of calls (a tenth of the rate), so that each
     * call's events come over a second, in order; adds each request's latency to {@code postLatencies}, and tells
     * {@code acks} of every event of each answered batch, with the batch's 2xx time.
     */
    void postBatches(long total, String calls, List<Long> postLatencies, Acks acks) throws InterruptedException {
        int perBatch = Math.max(1, rate / 10);
        long batches = (total + perBatch - 1) / perBatch;
        ScheduledExecutorService pacer = Executors.newScheduledThreadPool(lanes);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong next = new AtomicLong();
        AtomicLong done = new AtomicLong();
        for (int lane = 0; lane < lanes; lane++) {
            pacer.scheduleAtFixedRate(() -> {
                long batch = next.getAndIncrement();
                if (batch >= batches) {
                    return;
                }
                long group = batch / EVENTS_PER_CALL;
                int step = (int) (batch % EVENTS_PER_CALL);
                StringBuilder body = new StringBuilder("{\"events\":[");
                List<String> inBatch = new java.util.ArrayList<>(perBatch);
                for (int i = 0; i < perBatch; i++) {
                    String call = calls + group + "_" + i;
                    inBatch.add(call);
                    String event = event(step);
                    body.append(i == 0 ? "" : ",").append("{\"callUuid\":\"").append(call).append("\",")
                            .append(event, 1, event.length());
                }
                body.append("]}");
                try {
                    long start = System.nanoTime();
                    HttpResponse<String> response = http.send(app.request("/api/events")
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                            HttpResponse.BodyHandlers.ofString());
                    long acked = System.nanoTime();
                    latencies.add(acked - start);
                    if (response.statusCode() == 200 && !response.body().contains("\"rejected\":0")) {
                        System.out.println("batch partly refused: " + response.body());
                    } else if (response.statusCode() == 200) {
                        inBatch.forEach(call -> acks.acked(call, step, acked));
                    } else {
                        System.out.println("batch answered " + response.statusCode());
                    }
                } catch (Exception e) {
                    System.out.println("batch failed: " + e);
                } finally {
                    done.addAndGet(perBatch);
                }
            }, 0, 100_000L * lanes, TimeUnit.MICROSECONDS);
        }
        while (done.get() < batches * perBatch) {
            Thread.sleep(100);
        }
        pacer.shutdownNow();
        postLatencies.addAll(latencies);
    }

    /** The event at this step of a call. */
    static String event(int step) {
        return step == 0 ? "{\"type\":\"started\",\"campaignUuid\":\"c\",\"recordUuid\":\"r\",\"direction\":\"inbound\"}"
                : step == EVENTS_PER_CALL - 1 ? "{\"type\":\"completed\",\"status\":\"completed\",\"duration\":60,\"cost\":0.1}"
                : "{\"type\":\"transcript\",\"seq\":" + (step - 1) + ",\"role\":\"user\",\"text\":\"line " + step + "\"}";
    }
}
