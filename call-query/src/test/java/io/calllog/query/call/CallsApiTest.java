package io.calllog.query.call;

import io.calllog.query.projection.ProjectionRun;
import io.calllog.testsupport.MockMvcWithTestKey;
import io.calllog.testsupport.OpenApiDocumentCheck;
import io.calllog.events.CallCompleted;
import io.calllog.events.CallStarted;
import io.calllog.events.CallStatus;
import io.calllog.events.CallSummarized;
import io.calllog.events.Direction;
import io.calllog.events.EndReason;
import io.calllog.events.SpeakerRole;
import io.calllog.events.TranscriptLineAppended;
import io.calllog.testsupport.TestMongo;
import io.calllog.testsupport.TestPostgres;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.IndexInfo;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The Calls API over HTTP against real PostgreSQL and MongoDB-protocol servers: envelope, filters, pagination, order,
 * and every refusal. The read model is filled through the projection's own handlers.
 */
@SpringBootTest(properties = {"spring.flyway.enabled=true", "spring.flyway.locations=classpath:db/eventstore"})
@AutoConfigureMockMvc
@Import(MockMvcWithTestKey.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallsApiTest {

    private static final TestMongo.Database MONGO = TestMongo.newDatabase();

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestPostgres.newDatabase().registerAsDataSource(registry);
        MONGO.register(registry);
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    CallProjection projection;
    @Autowired
    MongoTemplate mongo;

    /** c0..c5 in campaign A, c6..c8 in campaign B; createdAt one minute apart (c8 newest); c3 and c4 share a minute. */
    @BeforeAll
    void fill() {
        ProjectionRun run = new ProjectionRun(projection);
        long globalIndex = 0;
        for (int i = 0; i < 9; i++) {
            String call = "c" + i;
            Instant createdAt = Instant.parse("2026-04-20T15:00:00Z").plusSeconds(60L * (i == 4 ? 3 : i));
            run.deliver(new ProjectionRun.Stored(new CallStarted(call, i < 6 ? "campaign_A" : "campaign_B", "record_" + (i % 3),
                    Direction.OUTBOUND, createdAt), call, 0, ++globalIndex));
            run.deliver(new ProjectionRun.Stored(new TranscriptLineAppended(call, 1, SpeakerRole.USER, "second", createdAt), call, 1, ++globalIndex));
            run.deliver(new ProjectionRun.Stored(new TranscriptLineAppended(call, 0, SpeakerRole.ASSISTANT, "first", createdAt), call, 2, ++globalIndex));
            if (i % 3 != 2) {
                run.deliver(new ProjectionRun.Stored(new CallCompleted(call, i % 3 == 0 ? CallStatus.COMPLETED : CallStatus.NO_ANSWER,
                        100 + i, new BigDecimal("0.4" + i), "https://rec.example/" + call + ".mp3", createdAt,
                        EndReason.AGENT_HUNG_UP), call, 3, ++globalIndex));
                run.deliver(new ProjectionRun.Stored(new CallSummarized(call, "summary of " + call), call, 4, ++globalIndex));
            }
        }
    }

    ResultActions list(String query) throws Exception {
        return mvc.perform(get(java.net.URI.create("/api/calls" + query)));
    }

    ResultActions expectProblem(ResultActions response, int status, String field) throws Exception {
        return response.andExpect(status().is(status))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[*].field", hasItem(field)));
    }

    @Test
    void listsNewestFirstWithTiesBrokenByUuidAndDefaultPaging() throws Exception {
        list("").andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(9))
                .andExpect(jsonPath("$.page").value(1))
                .andExpect(jsonPath("$.limit").value(10))
                .andExpect(jsonPath("$.calls[*].uuid").value(contains("c8", "c7", "c6", "c5", "c3", "c4", "c2", "c1", "c0")));
    }

    @Test
    void pages() throws Exception {
        list("?page=2&limit=4").andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(9))
                .andExpect(jsonPath("$.page").value(2))
                .andExpect(jsonPath("$.limit").value(4))
                .andExpect(jsonPath("$.calls[*].uuid").value(contains("c3", "c4", "c2", "c1")));
        list("?page=4&limit=4").andExpect(jsonPath("$.calls").isEmpty()).andExpect(jsonPath("$.total").value(9));
    }

    @Test
    void aCursorContinuesWithTheSameFiltersAndTheLastPageHasNone() throws Exception {
        String first = mvc.perform(get("/api/calls?limit=4&campaignUuid=campaign_A")).andExpect(status().isOk())
                .andExpect(jsonPath("$.calls[*].uuid").value(contains("c5", "c3", "c4", "c2")))
                .andExpect(jsonPath("$.next").isString())
                .andReturn().getResponse().getContentAsString();
        String next = com.jayway.jsonpath.JsonPath.read(first, "$.next");
        String second = mvc.perform(get("/api/calls?limit=4&campaignUuid=campaign_A&after=" + next))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.calls[*].uuid").value(contains("c1", "c0")))
                .andExpect(jsonPath("$.total").value(6))
                .andExpect(jsonPath("$.page").value(2))
                .andExpect(jsonPath("$.next").value(org.hamcrest.Matchers.nullValue()))
                .andReturn().getResponse().getContentAsString();
        assertThat(second).contains("\"next\":null");
        // the cursor of one query is refused by another, and does not mix with a page number
        expectProblem(list("?limit=4&campaignUuid=campaign_B&after=" + next), 400, "after");
        expectProblem(list("?limit=4&campaignUuid=campaign_A&page=2&after=" + next), 400, "page");
        expectProblem(list("?after=k1.bm90LWEtY3Vyc29y"), 400, "after");
        expectProblem(list("?after=c1.MTM"), 400, "after");
    }

    @Test
    void aSearchFindsTheCallsThatSaidItWithWhereTheySaidIt() throws Exception {
        list("?q=FIRST%20second&campaignUuid=campaign_B&limit=2")
                .andExpect(jsonPath("$.calls[*].uuid").value(contains("c8", "c7")))
                .andExpect(jsonPath("$.total").value(3))
                .andExpect(jsonPath("$.calls[0].matches[0].seq").value(0))
                .andExpect(jsonPath("$.calls[0].matches[0].role").value("assistant"))
                .andExpect(jsonPath("$.calls[0].matches[0].snippet").value("first"))
                .andExpect(jsonPath("$.calls[0].matches[0].highlights[0][0]").value(0))
                .andExpect(jsonPath("$.calls[0].matches[0].highlights[0][1]").value(5))
                .andExpect(jsonPath("$.calls[0].matches[1].seq").value(1));
        list("?q=%22first%20second%22").andExpect(jsonPath("$.total").value(0));
        list("?q=third").andExpect(jsonPath("$.total").value(0)).andExpect(jsonPath("$.next").isEmpty());
        // without q, calls carry no matches: exactly the seed's fields and endReason
        list("?limit=1").andExpect(jsonPath("$.calls[0].matches").doesNotExist());
    }

    @Test
    void aSlimListHoldsOnlyTheFieldsAskedForInTheCallsOrder() throws Exception {
        String page = list("?fields=status,%20uuid&campaignUuid=campaign_B").andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(3))
                .andExpect(jsonPath("$.next").value(org.hamcrest.Matchers.nullValue()))
                .andExpect(jsonPath("$.calls[*].uuid").value(contains("c8", "c7", "c6")))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("{\"uuid\":\"c8\",\"status\":\"in-progress\"}");
        list("?fields=uuid,matches&q=first&limit=1").andExpect(jsonPath("$.calls[0].matches[0].seq").value(0))
                .andExpect(jsonPath("$.calls[0].transcript").doesNotExist());
        expectProblem(list("?fields=uuid,secret"), 400, "fields");
        expectProblem(list("?fields=uuid,,status"), 400, "fields");
    }

    @Test
    void filtersByCampaignStatusAndRecord() throws Exception {
        list("?campaignUuid=campaign_B").andExpect(jsonPath("$.calls[*].uuid").value(contains("c8", "c7", "c6")));
        list("?status=completed").andExpect(jsonPath("$.calls[*].uuid").value(contains("c6", "c3", "c0")));
        list("?status=in-progress").andExpect(jsonPath("$.calls[*].uuid").value(contains("c8", "c5", "c2")));
        list("?status=no-answer&campaignUuid=campaign_A")
                .andExpect(jsonPath("$.calls[*].uuid").value(contains("c4", "c1")));
        list("?recordUuid=record_1").andExpect(jsonPath("$.calls[*].uuid").value(contains("c7", "c4", "c1")))
                .andExpect(jsonPath("$.total").value(3));
    }

    @Test
    void filtersByDirectionEndReasonDurationAndCostCombinedWithTheOthers() throws Exception {
        list("?direction=outbound").andExpect(jsonPath("$.total").value(9));
        list("?direction=inbound").andExpect(jsonPath("$.total").value(0));
        list("?endReason=agent-hung-up")
                .andExpect(jsonPath("$.calls[*].uuid").value(contains("c7", "c6", "c3", "c4", "c1", "c0")));
        list("?endReason=busy").andExpect(jsonPath("$.total").value(0));
        // bounds are inclusive; a call in progress has no duration or cost, so no bound matches it
        list("?minDuration=103&maxDuration=106").andExpect(jsonPath("$.calls[*].uuid").value(contains("c6", "c3", "c4")));
        list("?minDuration=0").andExpect(jsonPath("$.total").value(6));
        list("?minCost=0.41&maxCost=0.44").andExpect(jsonPath("$.calls[*].uuid").value(contains("c3", "c4", "c1")));
        list("?maxCost=0.4").andExpect(jsonPath("$.calls[*].uuid").value(contains("c0")));
        list("?campaignUuid=campaign_A&minCost=0.42&endReason=agent-hung-up&direction=outbound&status=no-answer")
                .andExpect(jsonPath("$.calls[*].uuid").value(contains("c4")));
        list("?from=2026-04-20T15:03:00Z&maxDuration=104&minCost=0.43")
                .andExpect(jsonPath("$.calls[*].uuid").value(contains("c3", "c4")));
    }

    @Test
    void filtersByDateRangeFromInclusiveToExclusive() throws Exception {
        list("?from=2026-04-20T15:02:00Z&to=2026-04-20T15:05:00Z")
                .andExpect(jsonPath("$.calls[*].uuid").value(contains("c3", "c4", "c2")));
        list("?from=2026-04-20T17:02:00%2B02:00&to=2026-04-20T15:03:00Z")
                .andExpect(jsonPath("$.calls[*].uuid").value(contains("c2")));
    }

    @Test
    void detailHasTheSeedFieldsInTheirTypes() throws Exception {
        mvc.perform(get("/api/calls/c0")).andExpect(status().isOk())
                .andExpect(jsonPath("$.uuid").value("c0"))
                .andExpect(jsonPath("$.campaignUuid").value("campaign_A"))
                .andExpect(jsonPath("$.recordUuid").value("record_0"))
                .andExpect(jsonPath("$.direction").value("outbound"))
                .andExpect(jsonPath("$.status").value("completed"))
                .andExpect(jsonPath("$.duration").value(100))
                .andExpect(jsonPath("$.cost").value(0.40))
                .andExpect(jsonPath("$.transcript[*].text").value(contains("first", "second")))
                .andExpect(jsonPath("$.transcript[0].role").value("assistant"))
                .andExpect(jsonPath("$.recordingUrl").value("https://rec.example/c0.mp3"))
                .andExpect(jsonPath("$.summary").value("summary of c0"))
                .andExpect(jsonPath("$.createdAt").value("2026-04-20T15:00:00Z"));
        mvc.perform(get("/api/calls/c2")).andExpect(jsonPath("$.status").value("in-progress"))
                .andExpect(jsonPath("$.duration").doesNotExist())
                .andExpect(jsonPath("$.cost").isEmpty())
                .andExpect(jsonPath("$.summary").isEmpty())
                .andExpect(jsonPath("$.recordingUrl").isEmpty());
    }

    @Test
    void anUnknownUuidIsANotFoundProblem() throws Exception {
        mvc.perform(get("/api/calls/nope")).andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:call-log:problem:call-not-found"));
    }

    @Test
    void unknownRepeatedOrEmptyParametersAreRefused() throws Exception {
        expectProblem(list("?campaign=campaign_A"), 400, "campaign");
        expectProblem(list("?status=completed&status=busy"), 400, "status");
        expectProblem(list("?status="), 400, "status");
        expectProblem(mvc.perform(get("/api/calls/c0?verbose=true")), 400, "verbose");
    }

    @Test
    void badValuesAreRefusedNamingTheParameter() throws Exception {
        expectProblem(list("?status=done"), 400, "status");
        expectProblem(list("?from=yesterday"), 400, "from");
        expectProblem(list("?to=2026-04-20"), 400, "to");
        expectProblem(list("?from=2026-04-20T16:00:00Z&to=2026-04-20T15:00:00Z"), 400, "to");
        expectProblem(list("?page=0"), 400, "page");
        expectProblem(list("?page=two"), 400, "page");
        expectProblem(list("?limit=0"), 400, "limit");
        expectProblem(list("?limit=101"), 400, "limit");
        expectProblem(list("?limit=1.5"), 400, "limit");
        expectProblem(list("?campaignUuid=bad%20id"), 400, "campaignUuid");
        expectProblem(list("?direction=sideways"), 400, "direction");
        expectProblem(list("?endReason=hangup"), 400, "endReason");
        expectProblem(list("?minDuration=-1"), 400, "minDuration");
        expectProblem(list("?maxDuration=long"), 400, "maxDuration");
        expectProblem(list("?minCost=-0.1"), 400, "minCost");
        expectProblem(list("?maxCost=cheap"), 400, "maxCost");
        expectProblem(list("?minDuration=5&maxDuration=4"), 400, "maxDuration");
        expectProblem(list("?minCost=1&maxCost=0.5"), 400, "maxCost");
        expectProblem(list("?q=%22%3F!%22"), 400, "q");
        expectProblem(list("?q=" + "a".repeat(SearchQuery.MAX_LENGTH + 1)), 400, "q");
        expectProblem(list("?q="), 400, "q");
        list("?limit=100").andExpect(status().isOk());
    }

    @Test
    void everyFilterAndSortCombinationHasAnIndex() {
        List<IndexInfo> indexes = mongo.indexOps(CallDocument.COLLECTION).getIndexInfo();
        Set<List<String>> keys = indexes.stream()
                .map(index -> index.getIndexFields().stream().map(f -> f.getKey()).toList())
                .collect(Collectors.toSet());
        for (List<String> equalities : equalityCombinations()) {
            boolean served = keys.stream().anyMatch(key -> key.size() >= 2
                    && key.subList(key.size() - 2, key.size()).equals(List.of("createdAt", "_id"))
                    && equalities.containsAll(key.subList(0, key.size() - 2))
                    && (equalities.isEmpty() || !key.subList(0, key.size() - 2).isEmpty()));
            assertThat(served).as("an index for filter %s sorted by createdAt, _id", equalities).isTrue();
        }
    }

    @Test
    void onRealMongoDbEveryFilterCombinationIsServedByAnIndex() {
        assumeThat(MONGO.realMongoDb())
                .as("mongo-java-server reports no query plans; this runs where Testcontainers provides MongoDB")
                .isTrue();
        for (List<String> equalities : equalityCombinations()) {
            for (String range : new String[]{null, "createdAt", "duration", "cost"}) {
                Document filter = new Document();
                equalities.forEach(field -> filter.append(field, "x"));
                if ("createdAt".equals(range)) {
                    filter.append("createdAt", new Document("$gte", new java.util.Date(0)));
                } else if (range != null) {
                    filter.append(range, new Document("$gte", 0).append("$lte", 1_000));
                }
                Document explain = mongo.getDb().runCommand(new Document("explain", new Document("find", CallDocument.COLLECTION)
                        .append("filter", filter).append("sort", new Document("createdAt", -1).append("_id", 1))));
                assertThat(explain.toJson()).as("plan for %s", filter.toJson()).contains("IXSCAN")
                        .doesNotContain("\"stage\": \"SORT\"");
            }
        }
    }

    private static List<List<String>> equalityCombinations() {
        List<String> fields = List.of("campaignUuid", "status", "recordUuid", "direction", "endReason");
        List<List<String>> combinations = new ArrayList<>();
        for (int mask = 0; mask < 1 << fields.size(); mask++) {
            List<String> combination = new ArrayList<>();
            for (int bit = 0; bit < fields.size(); bit++) {
                if ((mask & (1 << bit)) != 0) {
                    combination.add(fields.get(bit));
                }
            }
            combinations.add(combination);
        }
        return combinations;
    }

    @Test
    void servesAValidOpenApiDescriptionAndABrowsableUi() throws Exception {
        String document = mvc.perform(get("/api/openapi")).andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/api/calls'].get.operationId").value("listCalls"))
                .andExpect(jsonPath("$.paths['/api/calls/{uuid}'].get.operationId").value("getCall"))
                .andExpect(jsonPath("$.paths['/api/reports/campaigns/{campaignUuid}'].get.operationId")
                        .value("getCampaignReport"))
                .andExpect(jsonPath("$.paths['/api/admin/projections/{name}/replay'].post.operationId")
                        .value("startReplay"))
                .andExpect(jsonPath("$.paths['/api/calls/{uuid}/events'].get.operationId").value("getCallHistory"))
                .andExpect(jsonPath("$.paths['/api/calls/{uuid}/events'].post").doesNotExist())
                .andExpect(jsonPath("$.paths['/api/changes'].get.operationId").value("listChanges"))
                .andReturn().getResponse().getContentAsString();
        assertThat(OpenApiDocumentCheck.findings(document)).isEmpty();
        mvc.perform(get("/api/docs")).andExpect(status().is3xxRedirection());
    }
}
