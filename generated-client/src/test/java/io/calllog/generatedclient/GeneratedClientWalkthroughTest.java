package io.calllog.generatedclient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.calllog.client.ApiClient;
import io.calllog.client.ApiException;
import io.calllog.client.api.CallsApi;
import io.calllog.client.api.ChangesApi;
import io.calllog.client.api.HealthApi;
import io.calllog.client.api.IngestionApi;
import io.calllog.client.api.PrivacyApi;
import io.calllog.client.api.ReportsApi;
import io.calllog.client.api.WebhooksApi;
import io.calllog.client.model.BatchReceipt;
import io.calllog.client.model.Call;
import io.calllog.client.model.CallHistoryPage;
import io.calllog.client.model.Change;
import io.calllog.client.model.ChangePage;
import io.calllog.client.model.StoredEvent;
import io.calllog.client.model.CallEvent;
import io.calllog.client.model.CallPage;
import io.calllog.client.model.CampaignReport;
import io.calllog.client.model.CompletedEvent;
import io.calllog.client.model.EventBatch;
import io.calllog.client.model.ErasureReceipt;
import io.calllog.client.model.ErasureRequest;
import io.calllog.client.model.EventReceipt;
import io.calllog.client.model.HealthStatus;
import io.calllog.client.model.ItemReceipt;
import io.calllog.client.model.Problem;
import io.calllog.client.model.StartedEvent;
import io.calllog.client.model.SummarizedEvent;
import io.calllog.client.model.TranscriptEvent;
import io.calllog.client.model.CreateWebhook;
import io.calllog.client.model.ReplayWebhook;
import io.calllog.client.model.UpdateWebhook;
import io.calllog.client.model.WebhookAttempt;
import io.calllog.client.model.WebhookDelivery;
import io.calllog.client.model.WebhookDeliveryPage;
import io.calllog.client.model.WebhookEndpoint;
import io.calllog.testsupport.AppProcess;
import io.calllog.testsupport.TestApiKeys;
import io.calllog.testsupport.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The README walkthrough, through the Java client that openapi-generator made from the document the all-in-one app
 * serves (generated in this build, used as generated): the seed's call posted event by event, a second call as a
 * batch, the call listed with filters and read, its campaign's report, and a bad filter and an unknown uuid coming
 * back as the client's {@link ApiException} carrying the problem.
 */
class GeneratedClientWalkthroughTest {

    private static final String CALL = "call_12345";
    private static final String CAMPAIGN = "campaign_67890";

    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static AppProcess app;
    private static ApiClient client;

    @BeforeAll
    static void startTheApp() throws IOException {
        Path dataDir = Path.of("target", "walkthrough-app").toAbsolutePath();
        ServedDocument.deleteRecursively(dataDir);
        List<String> arguments = new ArrayList<>(TestApiKeys.allRolesKeyArguments());
        arguments.add("--logging.level.root=WARN");
        arguments.add("--calllog.webhooks.allow-http=true"); // the walkthrough's receiver is on loopback
        arguments.add("--calllog.webhooks.allow-private-targets=true");
        app = AppProcess.start(List.of("-Xmx384m", "-jar", System.getProperty("calllog.app.jar")), dataDir,
                AppProcess.freePort(), arguments);
        client = new ApiClient();
        client.setScheme("http");
        client.setHost("localhost");
        client.setPort(app.port());
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + TestApiKeys.ALL_ROLES));
    }

    @AfterAll
    static void stopTheApp() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theReadmeWalkthroughThroughTheGeneratedClient() throws Exception {
        IngestionApi ingestion = new IngestionApi(client);
        CallsApi calls = new CallsApi(client);

        List<CallEvent> seedCall = List.of(
                new CallEvent(new StartedEvent().type(StartedEvent.TypeEnum.STARTED).campaignUuid(CAMPAIGN)
                        .recordUuid("record_12345").direction(StartedEvent.DirectionEnum.OUTBOUND)
                        .startedAt(OffsetDateTime.parse("2026-04-20T15:00:00Z"))),
                line(1, TranscriptEvent.RoleEnum.USER, "I'm good, thanks for calling."),
                line(0, TranscriptEvent.RoleEnum.ASSISTANT, "Hello, this is Sarah from Call Camp. How are you today?"),
                new CallEvent(new CompletedEvent().type(CompletedEvent.TypeEnum.COMPLETED)
                        .status(CompletedEvent.StatusEnum.COMPLETED).duration(145L).cost(new BigDecimal("0.45"))
                        .recordingUrl(URI.create("https://storage.callcamp.com/recordings/call_12345.mp3"))),
                new CallEvent(new SummarizedEvent().type(SummarizedEvent.TypeEnum.SUMMARIZED)
                        .summary("Customer expressed interest in the promotion and requested a callback next Tuesday.")));
        for (CallEvent event : seedCall) {
            EventReceipt receipt = ingestion.postCallEvent(CALL, event);
            assertThat(receipt.getOutcome()).isEqualTo(EventReceipt.OutcomeEnum.RECORDED);
            assertThat(receipt.getCallUuid()).isEqualTo(CALL);
        }
        assertThat(ingestion.postCallEvent(CALL, seedCall.get(0)).getOutcome())
                .as("a retry is answered, not stored again").isEqualTo(EventReceipt.OutcomeEnum.DUPLICATE);
        // the same call as one batch: every item is a retry of an event already recorded
        BatchReceipt again = ingestion.postEvents(new EventBatch().events(seedCall.stream()
                .map(GeneratedClientWalkthroughTest::ofSeedCall).toList()));
        assertThat(again.getDuplicates()).isEqualTo(5);
        assertThat(again.getResults()).extracting(ItemReceipt::getOutcome).containsOnly(ItemReceipt.OutcomeEnum.DUPLICATE);

        BatchReceipt batch = ingestion.postEvents(new EventBatch().events(List.of(
                new CallEvent(new StartedEvent().type(StartedEvent.TypeEnum.STARTED).callUuid("call_2")
                        .campaignUuid(CAMPAIGN).recordUuid("record_2").direction(StartedEvent.DirectionEnum.INBOUND)),
                new CallEvent(new CompletedEvent().type(CompletedEvent.TypeEnum.COMPLETED).callUuid("call_2")
                        .status(CompletedEvent.StatusEnum.NO_ANSWER).duration(0L).cost(BigDecimal.ZERO)))));
        assertThat(batch.getRecorded()).isEqualTo(2);
        assertThat(batch.getResults()).extracting(ItemReceipt::getStatus).containsExactly(201, 201);

        // the projection is asynchronous: the dashboard's side sees the call once it is projected
        CallPage page = await().atMost(Duration.ofSeconds(30)).until(() -> calls.listCalls(CAMPAIGN, "completed",
                null, OffsetDateTime.parse("2026-04-20T00:00:00Z"), OffsetDateTime.parse("2026-04-21T00:00:00Z"),
                null, null, 100L, null, null, null, 1, 10, null, null, null), found -> found.getTotal() == 1 && found.getCalls().get(0).getSummary() != null);
        assertThat(page.getPage()).isEqualTo(1);
        assertThat(page.getLimit()).isEqualTo(10);
        assertThat(page.getNext()).isNull();

        // a cursor walk: one call per page, the next page by the first one's cursor, none after the last
        CallPage first = await().atMost(Duration.ofSeconds(30)).until(() -> calls.listCalls(CAMPAIGN, null, null,
                null, null, null, null, null, null, null, null, null, 1, null, null, null), found -> found.getTotal() == 2);
        CallPage second = calls.listCalls(CAMPAIGN, null, null, null, null, null, null, null, null, null, null, null, 1,
                first.getNext(), null, null);
        assertThat(List.of(first.getCalls().get(0).getUuid(), second.getCalls().get(0).getUuid()))
                .containsExactlyInAnyOrder(CALL, "call_2");
        assertThat(second.getNext()).isNull();

        // a transcript search: the call that said both words, with where it said them
        CallPage found = await().atMost(Duration.ofSeconds(30)).until(() -> calls.listCalls(CAMPAIGN, null, null,
                null, null, null, null, null, null, null, null, null, null, null, "SARAH \"call camp\"", null),
                searched -> searched.getTotal() == 1);
        assertThat(found.getCalls().get(0).getUuid()).isEqualTo(CALL);
        assertThat(found.getCalls().get(0).getMatches()).singleElement().satisfies(match -> {
            assertThat(match.getSeq()).isZero();
            assertThat(match.getRole()).isEqualTo("assistant");
            assertThat(match.getHighlights()).containsExactly(List.of(15, 20), List.of(26, 35));
        });

        // a slim list: only the fields asked for
        CallPage slim = calls.listCalls(CAMPAIGN, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, "uuid,status");
        assertThat(slim.getCalls()).allSatisfy(call -> {
            assertThat(call.getUuid()).isNotNull();
            assertThat(call.getTranscript()).isNullOrEmpty();
            assertThat(call.getCampaignUuid()).isNull();
        });

        // the campaign's calls exported as CSV: a header and one row per call
        java.io.File csv = calls.exportCalls("csv", CAMPAIGN, null, null, null, null, null, null, null, null, null,
                null, null);
        List<String> rows = java.nio.file.Files.readAllLines(csv.toPath());
        assertThat(rows.get(0)).startsWith("uuid,campaignUuid,recordUuid,direction,status,");
        assertThat(rows).anySatisfy(row -> assertThat(row).startsWith(CALL + "," + CAMPAIGN + ","));
        assertThat(asJson(page.getCalls().get(0))).isEqualTo(seedCallAsServed());

        Call call = calls.getCall(CALL);
        assertThat(asJson(call)).isEqualTo(seedCallAsServed());
        assertThat(call.getStatus()).isEqualTo(Call.StatusEnum.COMPLETED);
        assertThat(call.getEndReason()).isEqualTo(Call.EndReasonEnum.UNKNOWN);

        CampaignReport report = await().atMost(Duration.ofSeconds(30))
                .until(() -> new ReportsApi(client).getCampaignReport(CAMPAIGN), r -> r.getCalls() == 2
                        && r.getCallsPerStatus().get("no-answer") == 1 && r.getCallsPerStatus().get("completed") == 1);
        assertThat(report.getTotalDuration()).isEqualTo(145L);
        assertThat(report.getTotalCost()).isEqualByComparingTo("0.45");
        assertThat(report.getTranscriptLinesPerRole()).containsEntry("assistant", 1L).containsEntry("user", 1L);

        // the change feed and the call's history, through the generated client too
        ChangesApi changes = new ChangesApi(client);
        ChangePage feed = changes.listChanges(null, 1_000, null, CALL, List.of("started", "completed"));
        assertThat(feed.getChanges()).extracting(Change::getType)
                .containsExactly(Change.TypeEnum.STARTED, Change.TypeEnum.COMPLETED);
        assertThat(feed.getChanges().get(1).getCampaignUuid()).isEqualTo(CAMPAIGN);
        assertThat(changes.listChanges(feed.getNext(), 10, null, CALL, null).getChanges())
                .as("nothing after the last change of the call").isEmpty();
        CallHistoryPage history = changes.getCallHistory(CALL, null, null);
        assertThat(history.getEvents()).extracting(StoredEvent::getSequence).startsWith(0L, 1L);
        assertThat(history.getNext()).isNull();
    }

    @Test
    void webhooksThroughTheGeneratedClient() throws Exception {
        WebhooksApi webhooks = new WebhooksApi(client);
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            WebhookEndpoint created = webhooks.createWebhook(new CreateWebhook().url(URI.create(receiver.url("/walkthrough")))
                    .types(List.of("call.started")).description("walkthrough"));
            assertThat(created.getSecret()).startsWith("whsec_");
            assertThat(webhooks.listWebhooks().getWebhooks()).extracting(WebhookEndpoint::getId)
                    .contains(created.getId());
            new IngestionApi(client).postCallEvent("call_webhook", new CallEvent(new StartedEvent()
                    .type(StartedEvent.TypeEnum.STARTED).campaignUuid(CAMPAIGN).recordUuid("record_1")
                    .direction(StartedEvent.DirectionEnum.OUTBOUND)));
            WebhookDeliveryPage delivered = await().atMost(Duration.ofSeconds(30))
                    .until(() -> webhooks.listWebhookDeliveries(created.getId(), "delivered", null, 10),
                            page -> page.getDeliveries().size() == 1);
            WebhookDelivery delivery = delivered.getDeliveries().get(0);
            assertThat(delivery.getCallUuid()).isEqualTo("call_webhook");
            assertThat(delivery.getAttempts()).extracting(WebhookAttempt::getStatusCode).containsExactly(200);
            assertThat(receiver.received()).extracting(WebhookReceiver.Received::id).containsExactly(delivery.getId());
            assertThat(webhooks.retryWebhookDelivery(created.getId(), delivery.getId()).getStatus())
                    .isEqualTo(WebhookDelivery.StatusEnum.PENDING);
            assertThat(webhooks.replayWebhook(created.getId(), new ReplayWebhook().from(OffsetDateTime.now()
                    .minusHours(1))).getQueued()).isPositive(); // the started events of the whole walkthrough
            WebhookEndpoint rotated = webhooks.rotateWebhookSecret(created.getId());
            assertThat(rotated.getSecret()).startsWith("whsec_").isNotEqualTo(created.getSecret());
            assertThat(rotated.getPreviousSecretExpiresAt()).isNotNull();
            WebhookEndpoint updated = webhooks.updateWebhook(created.getId(), new UpdateWebhook().enabled(false));
            assertThat(updated.getEnabled()).isFalse();
            assertThat(webhooks.getWebhook(created.getId()).getSecret()).isNull();
            webhooks.deleteWebhook(created.getId());
            ApiException gone = catchThrowableOfType(ApiException.class, () -> webhooks.getWebhook(created.getId()));
            assertThat(gone.getCode()).isEqualTo(404);
        }
    }

    @Test
    void aRecordIsErasedThroughThePrivacyApi() throws Exception {
        new IngestionApi(client).postCallEvent("call_to_erase", new CallEvent(new StartedEvent()
                .type(StartedEvent.TypeEnum.STARTED).campaignUuid("campaign_erase").recordUuid("record_erase")
                .direction(StartedEvent.DirectionEnum.INBOUND)));
        new IngestionApi(client).postCallEvent("call_to_erase", new CallEvent(new TranscriptEvent()
                .type(TranscriptEvent.TypeEnum.TRANSCRIPT).seq(0).role(TranscriptEvent.RoleEnum.USER)
                .text("my name is Ada")));
        ErasureReceipt receipt = new PrivacyApi(client).eraseRecord("record_erase",
                new ErasureRequest().reason("ticket 1"));
        assertThat(receipt.getRecordUuid()).isEqualTo("record_erase");
        assertThat(receipt.getCalls()).singleElement().satisfies(erased -> {
            assertThat(erased.getCallUuid()).isEqualTo("call_to_erase");
            assertThat(erased.getErasedNow()).isTrue();
        });
        Call erased = await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(ApiException.class)
                .until(() -> new CallsApi(client).getCall("call_to_erase"), found -> found.getErasedAt() != null);
        assertThat(erased.getTranscript()).singleElement()
                .satisfies(line -> assertThat(line.getText()).isEqualTo("[erased]"));
        ApiException gone = catchThrowableOfType(ApiException.class, () -> new IngestionApi(client)
                .postCallEvent("call_to_erase", new CallEvent(new TranscriptEvent()
                        .type(TranscriptEvent.TypeEnum.TRANSCRIPT).seq(1).role(TranscriptEvent.RoleEnum.USER)
                        .text("again"))));
        assertThat(gone.getCode()).isEqualTo(410);
    }

    @Test
    void aRunningCallHasNullsWhereTheDescriptionSaysSo() throws Exception {
        new IngestionApi(client).postCallEvent("call_running", new CallEvent(new StartedEvent()
                .type(StartedEvent.TypeEnum.STARTED).campaignUuid("campaign_running").recordUuid("record_running")
                .direction(StartedEvent.DirectionEnum.OUTBOUND)));
        Call running = await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(ApiException.class)
                .until(() -> new CallsApi(client).getCall("call_running"), found -> found != null);
        assertThat(running.getStatus()).isEqualTo(Call.StatusEnum.IN_PROGRESS);
        assertThat(running.getDuration()).isNull();
        assertThat(running.getCost()).isNull();
        assertThat(running.getSummary()).isNull();
        assertThat(running.getRecordingUrl()).isNull();
        assertThat(running.getEndReason()).isNull();
        assertThat(running.getTranscript()).isEmpty();
    }

    @Test
    void refusalsAreTheClientsTypedErrorsCarryingTheProblem() throws Exception {
        CallsApi calls = new CallsApi(client);
        ApiException badFilter = catchThrowableOfType(ApiException.class,
                () -> calls.listCalls(null, "done", null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null));
        assertThat(badFilter.getCode()).isEqualTo(400);
        Problem invalid = problemOf(badFilter);
        assertThat(invalid.getType()).isEqualTo(URI.create("urn:call-log:problem:invalid-query"));
        assertThat(invalid.getStatus()).isEqualTo(400);
        assertThat(invalid.getErrors()).singleElement()
                .satisfies(error -> assertThat(error.getField()).isEqualTo("status"));

        ApiException unknown = catchThrowableOfType(ApiException.class, () -> calls.getCall("call_unknown"));
        assertThat(unknown.getCode()).isEqualTo(404);
        assertThat(problemOf(unknown).getType()).isEqualTo(URI.create("urn:call-log:problem:call-not-found"));

        ApiException notStarted = catchThrowableOfType(ApiException.class, () -> new IngestionApi(client)
                .postCallEvent("call_never_started", line(0, TranscriptEvent.RoleEnum.USER, "hello")));
        assertThat(notStarted.getCode()).isEqualTo(404);
        assertThat(problemOf(notStarted).getType()).isEqualTo(URI.create("urn:call-log:problem:call-not-started"));
    }

    @Test
    void theProbesAnswerWithoutAKey() throws Exception {
        ApiClient keyless = new ApiClient();
        keyless.setScheme("http");
        keyless.setHost("localhost");
        keyless.setPort(app.port());
        assertThat(new HealthApi(keyless).getLiveness().getStatus()).isEqualTo(HealthStatus.StatusEnum.UP);
        ApiException refused = catchThrowableOfType(ApiException.class, () -> new CallsApi(keyless).getCall(CALL));
        assertThat(refused.getCode()).isEqualTo(401);
        assertThat(problemOf(refused).getType()).isEqualTo(URI.create("urn:call-log:problem:unauthenticated"));
    }

    /** The same event, as a batch item of the seed's call (a batch item names its call). */
    private static CallEvent ofSeedCall(CallEvent event) {
        Object actual = event.getActualInstance();
        if (actual instanceof StartedEvent started) {
            started.callUuid(CALL);
        } else if (actual instanceof TranscriptEvent line) {
            line.callUuid(CALL);
        } else if (actual instanceof CompletedEvent completed) {
            completed.callUuid(CALL);
        } else if (actual instanceof SummarizedEvent summarized) {
            summarized.callUuid(CALL);
        }
        return event;
    }

    private static CallEvent line(int seq, TranscriptEvent.RoleEnum role, String text) {
        return new CallEvent(new TranscriptEvent().type(TranscriptEvent.TypeEnum.TRANSCRIPT).seq(seq).role(role)
                .text(text));
    }

    private static Problem problemOf(ApiException refusal) throws IOException {
        return client.getObjectMapper().readValue(refusal.getResponseBody(), Problem.class);
    }

    /** A model as JSON, as the client writes it, read back as plain JSON (numbers as JSON numbers). */
    /**
     * The model as the client would send it again, without {@code matches}: the generated model starts that optional
     * list empty, where the server leaves it out of a call listed without {@code q}.
     */
    private static JsonNode asJson(Object model) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode json =
                (com.fasterxml.jackson.databind.node.ObjectNode) PLAIN.readTree(client.getObjectMapper()
                        .writeValueAsString(model));
        if (json.path("matches").isArray() && json.path("matches").isEmpty()) {
            json.remove("matches");
        }
        return json;
    }

    /**
     * The example answer of {@code getCall} in the served document: the API reference's example call, with the
     * {@code endReason} this service adds beside its fields. The walkthrough posts exactly the events that make it.
     */
    private static JsonNode seedCallAsServed() throws IOException {
        JsonNode example = PLAIN.readTree(Path.of(System.getProperty("calllog.served.document")).toFile())
                .at("/paths/~1api~1calls~1{uuid}/get/responses/200/content/application~1json/example");
        assertThat(example.path("uuid").asText()).isEqualTo(CALL);
        assertThat(example.path("cost").decimalValue()).isEqualByComparingTo("0.45");
        assertThat(example.path("createdAt").asText()).isEqualTo("2026-04-20T15:00:00Z");
        return example;
    }
}
