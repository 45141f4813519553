package io.calllog.query.problem;

/** The read side's paging bounds: pages from 1, at most this many. */
public final class Paging {

    public static final int MAX_PAGE = 1_000_000;

    private Paging() {
    }
}
