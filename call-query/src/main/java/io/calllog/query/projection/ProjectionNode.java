package io.calllog.query.projection;

/**
 * The name under which this instance claims segments in the token store (the {@code owner} of a claim), and
 * requests replays: {@code calllog.query.node-id}, by default the JVM's {@code pid@host}.
 */
public record ProjectionNode(String id) {
}
