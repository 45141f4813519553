package io.calllog.eventstore;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.axonframework.common.DateTimeUtils;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Whatever the text, the parse answers what Axon's answers, or fails as Axon's fails. */
class StoredTimestampTest {

    @Property(tries = 5_000)
    void readsWhatAxonWritesAsAxonReadsIt(@ForAll("instants") Instant instant) {
        String stored = DateTimeUtils.formatInstant(instant);

        assertThat(StoredTimestamp.parse(stored)).isEqualTo(DateTimeUtils.parseInstant(stored))
                .isEqualTo(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    @Property(tries = 5_000)
    void agreesWithAxonOnAnyTextOfTheSameShape(@ForAll("sameShape") String text) {
        sameAsAxon(text);
    }

    @Example
    void agreesWithAxonOnOtherForms() {
        for (String text : new String[]{"2026-11-24T20:15:00Z", "2026-11-24T20:15:00.123456Z",
                "2026-11-24T20:15:00.123+01:00", "2026-11-24t20:15:00.123z", "2026-02-30T20:15:00.123Z",
                "2024-02-29T23:59:59.999Z", "2026-11-24T24:00:00.000Z", "2026-11-24T20:15:60.000Z",
                "0000-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z", "", "not a time"}) {
            sameAsAxon(text);
        }
    }

    private static void sameAsAxon(String text) {
        Instant axons;
        try {
            axons = DateTimeUtils.parseInstant(text);
        } catch (RuntimeException refused) {
            assertThatThrownBy(() -> StoredTimestamp.parse(text)).as(text).isInstanceOf(refused.getClass());
            return;
        }
        assertThat(StoredTimestamp.parse(text)).as(text).isEqualTo(axons);
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(Instant.parse("0000-01-01T00:00:00Z").getEpochSecond(),
                        Instant.parse("9999-12-31T23:59:59Z").getEpochSecond())
                .flatMap(second -> Arbitraries.integers().between(0, 999_999_999)
                        .map(nanos -> Instant.ofEpochSecond(second, nanos)));
    }

    /** Text in Axon's form whose fields reach just past their ranges: valid and invalid dates and times. */
    @Provide
    Arbitrary<String> sameShape() {
        return Combinators.combine(upTo(9999), upTo(13), upTo(32), upTo(25), upTo(61), upTo(61), upTo(999))
                .as((year, month, day, hour, minute, second, millis) -> "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ"
                        .formatted(year, month, day, hour, minute, second, millis));
    }

    private static Arbitrary<Integer> upTo(int max) {
        return Arbitraries.integers().between(0, max);
    }
}
