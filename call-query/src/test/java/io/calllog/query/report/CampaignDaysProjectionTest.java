package io.calllog.query.report;

import com.mongodb.client.MongoClients;
import io.calllog.events.CallCompleted;
import io.calllog.events.CallStarted;
import io.calllog.events.CallStatus;
import io.calllog.events.Direction;
import io.calllog.events.EndReason;
import io.calllog.query.projection.ProjectionRun;
import io.calllog.query.projection.ProjectionRuntime;
import io.calllog.testsupport.TestMongo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The campaign-days report's handlers against a real MongoDB-protocol server: what each day of a campaign counts. */
class CampaignDaysProjectionTest {

    private static final Instant LATE_ON_DAY_1 = Instant.parse("2026-04-20T23:59:00Z");
    private static final Instant EARLY_ON_DAY_2 = Instant.parse("2026-04-21T00:01:00Z");

    private CampaignDaysProjection projection;
    private CampaignStatsQueryHandlers queries;
    private final List<ProjectionRun.Stored> history = new ArrayList<>();

    @BeforeEach
    void setUp() {
        TestMongo.Database database = TestMongo.newDatabase();
        MongoTemplate mongo = new MongoTemplate(MongoClients.create(database.uri()), database.name());
        projection = new CampaignDaysProjection(new ProjectionRuntime(mongo, List.of()));
        queries = new CampaignStatsQueryHandlers(mongo);
    }

    private void record(String call, Object event) {
        history.add(new ProjectionRun.Stored(event, call, history.size(), history.size() + 1));
    }

    private void deliver() {
        new ProjectionRun(projection).deliver(() -> { }, history);
    }

    @Test
    void aCallCountsUnderTheDayItStartedOnWithTheStatusItEndedWithAndItsCost() {
        record("a1", new CallStarted("a1", "camp", "r", Direction.OUTBOUND, LATE_ON_DAY_1));
        record("a2", new CallStarted("a2", "camp", "r", Direction.OUTBOUND, EARLY_ON_DAY_2));
        record("a3", new CallStarted("a3", "camp", "r", Direction.INBOUND, EARLY_ON_DAY_2));
        // a1 ends on day 2, and still counts under day 1
        record("a1", new CallCompleted("a1", CallStatus.COMPLETED, 120, new BigDecimal("0.45"), null, EARLY_ON_DAY_2,
                EndReason.CALLER_HUNG_UP));
        record("a2", new CallCompleted("a2", CallStatus.BUSY, 1, new BigDecimal("0.02"), null, EARLY_ON_DAY_2,
                EndReason.BUSY));
        deliver();

        List<CampaignDayView> days = queries.handle(new FindCampaignDays("camp"));

        assertThat(days).extracting(CampaignDayView::day)
                .containsExactly(LocalDate.parse("2026-04-20"), LocalDate.parse("2026-04-21"));
        assertThat(days.get(0).calls()).isEqualTo(1);
        assertThat(days.get(0).callsPerStatus()).containsEntry("completed", 1L).containsEntry("in-progress", 0L);
        assertThat(days.get(0).cost()).isEqualByComparingTo("0.45");
        assertThat(days.get(1).calls()).isEqualTo(2);
        assertThat(days.get(1).callsPerStatus()).containsEntry("busy", 1L).containsEntry("in-progress", 1L)
                .containsEntry("completed", 0L);
        assertThat(days.get(1).cost()).isEqualByComparingTo("0.02");
    }

    @Test
    void aCampaignsDaysAreItsOwnWhateverItsNeighboursAreNamed() {
        record("a", new CallStarted("a", "camp.1", "r", Direction.OUTBOUND, LATE_ON_DAY_1));
        record("b", new CallStarted("b", "campX1", "r", Direction.OUTBOUND, LATE_ON_DAY_1));
        record("c", new CallStarted("c", "camp.10", "r", Direction.OUTBOUND, LATE_ON_DAY_1));
        deliver();

        // '.' is a uuid character and a regex one: the prefix is read literally, and ends at the '/'
        assertThat(queries.handle(new FindCampaignDays("camp.1"))).singleElement()
                .satisfies(day -> assertThat(day.calls()).isEqualTo(1));
        assertThat(queries.handle(new FindCampaignDays("nobody"))).isEmpty();
    }

    @Test
    void aBatchDeliveredAgainCountsNothingTwice() {
        record("a1", new CallStarted("a1", "camp", "r", Direction.OUTBOUND, LATE_ON_DAY_1));
        record("a1", new CallCompleted("a1", CallStatus.FAILED, 3, new BigDecimal("0.10"), null, LATE_ON_DAY_1,
                EndReason.ERROR));
        deliver();
        deliver();

        CampaignDayView day = queries.handle(new FindCampaignDays("camp")).get(0);
        assertThat(day.calls()).isEqualTo(1);
        assertThat(day.callsPerStatus()).containsEntry("failed", 1L);
        assertThat(day.cost()).isEqualByComparingTo("0.10");
    }
}
