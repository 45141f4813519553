package io.calllog.query.report;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.mapping.Field;
import org.springframework.data.mongodb.core.mapping.FieldType;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

/**
 * One campaign's day in the {@code campaign_days} collection, as {@link CampaignDaysProjection} counts it: counters
 * only, each moved by {@code $inc} (a counter never moved is absent: null here).
 *
 * @param key      {@code <campaignUuid>/<yyyy-MM-dd>}: a campaign's days are neighbours in {@code _id} order
 * @param calls    calls started that day
 * @param statuses those calls per status; {@code in-progress} until they complete
 * @param cost     the summed cost of those that ended
 * @param applied  the runtime's markers ({@link io.calllog.query.projection.CounterProjection})
 */
@Document(CampaignDayDocument.COLLECTION)
public record CampaignDayDocument(@Id String key,
                                  Long calls,
                                  Map<String, Long> statuses,
                                  @Field(targetType = FieldType.DECIMAL128) BigDecimal cost,
                                  Map<String, Long> applied) {

    public static final String COLLECTION = "campaign_days";

    /** A campaign uuid never holds '/', so the key reads back unambiguously. */
    static String key(String campaignUuid, LocalDate day) {
        return campaignUuid + "/" + day;
    }

    LocalDate day() {
        return LocalDate.parse(key.substring(key.lastIndexOf('/') + 1));
    }
}
