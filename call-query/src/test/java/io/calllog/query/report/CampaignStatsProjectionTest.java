package io.calllog.query.report;

import com.mongodb.client.MongoClients;
import io.calllog.events.CallCompleted;
import io.calllog.events.CallStarted;
import io.calllog.events.CallStatus;
import io.calllog.events.CallSummarized;
import io.calllog.events.Direction;
import io.calllog.events.EndReason;
import io.calllog.events.SpeakerRole;
import io.calllog.events.TranscriptLineAppended;
import io.calllog.query.projection.ProjectionRun;
import io.calllog.query.projection.ProjectionRuntime;
import io.calllog.testsupport.TestMongo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The campaign-stats report's handlers against a real MongoDB-protocol server: what each event counts, and a batch
 * delivered again (as after a crash between writing the counters and storing the token) counting nothing twice.
 */
class CampaignStatsProjectionTest {

    private static final Instant DAY_1 = Instant.parse("2026-04-20T23:59:00Z");
    private static final Instant DAY_2 = Instant.parse("2026-04-21T00:01:00Z");

    private MongoTemplate mongo;
    private CampaignStatsProjection projection;
    private CampaignStatsQueryHandlers queries;
    private ProjectionRun run;
    private final List<ProjectionRun.Stored> history = new ArrayList<>();

    @BeforeEach
    void setUp() {
        TestMongo.Database database = TestMongo.newDatabase();
        mongo = new MongoTemplate(MongoClients.create(database.uri()), database.name());
        projection = new CampaignStatsProjection(new ProjectionRuntime(mongo, List.of()));
        run = new ProjectionRun(projection);
        queries = new CampaignStatsQueryHandlers(mongo);
    }

    /** Records the events of a small campaign, each with the next global index. */
    private void campaignHistory() {
        record(new CallStarted("a1", "camp", "r", Direction.OUTBOUND, DAY_1));
        record(new CallStarted("a2", "camp", "r", Direction.INBOUND, DAY_2));
        record(new CallStarted("a3", "camp", "r", Direction.OUTBOUND, DAY_2));
        record(new TranscriptLineAppended("a1", 0, SpeakerRole.ASSISTANT, "hi", DAY_1));
        record(new TranscriptLineAppended("a1", 1, SpeakerRole.USER, "hello", DAY_1));
        record(new TranscriptLineAppended("a2", 0, SpeakerRole.ASSISTANT, "hi", DAY_2));
        record(new CallCompleted("a1", CallStatus.COMPLETED, 120, new BigDecimal("0.45"), null, DAY_1, EndReason.CALLER_HUNG_UP));
        record(new CallCompleted("a2", CallStatus.NO_ANSWER, 0, new BigDecimal("0.05"), null, DAY_2, EndReason.NO_ANSWER));
        record(new CallSummarized("a1", "a summary"));
        record(new TranscriptLineAppended("a1", 2, SpeakerRole.ASSISTANT, "late line", DAY_1));
    }

    /** Records the next event of the history: the call is the payload's, each event the next global index. */
    private void record(Object event) {
        String call;
        if (event instanceof CallStarted started) {
            call = started.callUuid();
        } else if (event instanceof TranscriptLineAppended line) {
            call = line.callUuid();
        } else if (event instanceof CallCompleted completed) {
            call = completed.callUuid();
        } else {
            call = ((CallSummarized) event).callUuid();
        }
        history.add(new ProjectionRun.Stored(event, call, history.size(), history.size() + 1));
    }

    private void deliverAsOneBatch() {
        run.deliver(() -> { }, history);
    }

    private CampaignStatsView report() {
        return queries.handle(new FindCampaignStats("camp")).orElseThrow();
    }

    @Test
    void everyNumberOfACampaign() {
        campaignHistory();
        deliverAsOneBatch();

        CampaignStatsView report = report();
        assertThat(report.calls()).isEqualTo(3);
        assertThat(report.callsPerStatus()).containsExactly(
                entry("in-progress", 1), entry("completed", 1), entry("failed", 0), entry("busy", 0), entry("no-answer", 1));
        assertThat(report.totalDuration()).isEqualTo(120);
        assertThat(report.averageDuration()).isEqualByComparingTo("60.00");
        assertThat(report.totalCost()).isEqualByComparingTo("0.50");
        assertThat(report.callsPerDay()).containsExactly(entry("2026-04-20", 1), entry("2026-04-21", 2));
        assertThat(report.transcriptLinesPerRole()).containsExactly(entry("assistant", 3), entry("user", 1));
    }

    @Test
    void aBatchDeliveredAgainCountsNothingTwice() {
        campaignHistory();
        deliverAsOneBatch();
        CampaignStatsView once = report();

        deliverAsOneBatch();

        assertThat(report()).isEqualTo(once);
        assertThat(mongo.getCollection(CampaignStatsDocument.COLLECTION).countDocuments()).isEqualTo(1);
    }

    @Test
    void eventsHandledOneByOneCountTheSameAsOneBatch() {
        campaignHistory();
        run.deliverOneByOne(history); // each event a batch of its own

        assertThat(report().calls()).isEqualTo(3);
        assertThat(report().transcriptLinesPerRole()).containsExactly(entry("assistant", 3), entry("user", 1));
        assertThat(report().totalCost()).isEqualByComparingTo("0.50");
    }

    @Test
    void aCampaignPageListsCampaignsInUuidOrderWithTheTotal() {
        for (String campaign : List.of("c_b", "c_a", "c_c")) {
            record(new CallStarted("call_" + campaign, campaign, "r", Direction.OUTBOUND, DAY_1));
        }
        deliverAsOneBatch();
        CampaignStatsPage page = queries.handle(new ListCampaignStats(1, 2));
        assertThat(page.total()).isEqualTo(3);
        assertThat(page.campaigns()).extracting(CampaignStatsView::campaignUuid).containsExactly("c_a", "c_b");
        assertThat(queries.handle(new ListCampaignStats(2, 2)).campaigns()).extracting(CampaignStatsView::campaignUuid)
                .containsExactly("c_c");
    }

    private static java.util.Map.Entry<String, Long> entry(String key, long value) {
        return java.util.Map.entry(key, value);
    }
}
