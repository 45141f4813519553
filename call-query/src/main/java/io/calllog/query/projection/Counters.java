package io.calllog.query.projection;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** The counter moves of one event (or, summed, of a batch) under one key: whole numbers and decimals by field path. */
public final class Counters {

    final Map<String, Long> whole = new LinkedHashMap<>();
    final Map<String, BigDecimal> decimal = new LinkedHashMap<>();

    Counters() {
    }

    /** Moves the whole-number counter {@code field} (a dotted path names a counter in a map) by {@code amount}. */
    public Counters add(String field, long amount) {
        whole.merge(field, amount, Long::sum);
        return this;
    }

    /** Moves the decimal counter {@code field} (stored as a Decimal128) by {@code amount}. */
    public Counters add(String field, BigDecimal amount) {
        decimal.merge(field, amount, BigDecimal::add);
        return this;
    }

    void addAll(Counters other) {
        other.whole.forEach(this::add);
        other.decimal.forEach(this::add);
    }
}
