package io.calllog.query.projection;

/**
 * The name under which this instance claims segments in the token store (the {@code owner} of a claim), and
 * requests replays: {@code calllog.query.node-id}, by default the JVM's {@code pid@host} and a random suffix. The
 * suffix matters wherever two application contexts share a JVM (tests, or one JVM running two instances): with the
 * same owner name each took the other's claims as its own, and both handled the same segments (found by
 * {@code ReplayTest}, whose two instances run in one JVM).
 */
public record ProjectionNode(String id) {
}
