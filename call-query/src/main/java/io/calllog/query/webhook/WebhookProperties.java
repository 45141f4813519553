package io.calllog.query.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * {@code calllog.webhooks.*}: how outbound webhooks are delivered (docs/webhooks.md).
 *
 * @param allowHttp            whether {@code http} targets are accepted (otherwise {@code https} only)
 * @param allowPrivateTargets  whether targets may resolve to loopback, private, link-local or metadata addresses
 * @param retrySchedule        the wait before each retry of a message; once every wait is spent, it is given up
 * @param jitter               each wait is drawn at random within this fraction of it, either side
 * @param connectTimeout       how long a connection may take
 * @param timeout              how long an attempt may take in all, connection to the last byte of the response
 * @param maxResponseBytes     how much of a response body is read (the rest is not)
 * @param pollInterval         how often an endpoint that is up to date looks for new events
 * @param pageSize             how many events an endpoint reads from the change feed at a time
 * @param lease                how long an instance holds an endpoint after it last renewed it: after a crash,
 *                             another instance takes the endpoint over once this has passed
 * @param failuresToPause      consecutive failed attempts after which an endpoint is failing: new messages then stay
 *                             in the feed until a retry gets through
 * @param rotationOverlap      how long a rotated-out secret keeps signing beside the new one
 * @param ledgerRetention      how long the ledger keeps a delivery once it is delivered or given up
 * @param dispatch             whether this instance delivers (it always serves the admin API)
 */
@ConfigurationProperties("calllog.webhooks")
public record WebhookProperties(@DefaultValue("false") boolean allowHttp,
                                @DefaultValue("false") boolean allowPrivateTargets,
                                @DefaultValue({"5s", "1m", "5m", "30m", "2h", "6h", "12h", "24h"})
                                List<Duration> retrySchedule,
                                @DefaultValue("0.2") double jitter,
                                @DefaultValue("5s") Duration connectTimeout,
                                @DefaultValue("10s") Duration timeout,
                                @DefaultValue("4096") int maxResponseBytes,
                                @DefaultValue("50ms") Duration pollInterval,
                                @DefaultValue("250") int pageSize,
                                @DefaultValue("15s") Duration lease,
                                @DefaultValue("5") int failuresToPause,
                                @DefaultValue("24h") Duration rotationOverlap,
                                @DefaultValue("30d") Duration ledgerRetention,
                                @DefaultValue("true") boolean dispatch) {

    public WebhookProperties {
        retrySchedule = List.copyOf(retrySchedule);
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("calllog.webhooks.jitter must be at least 0 and below 1");
        }
        if (pageSize < 1 || failuresToPause < 1 || maxResponseBytes < 0) {
            throw new IllegalArgumentException("calllog.webhooks.page-size and failures-to-pause must be positive");
        }
        if (lease.compareTo(timeout.plusSeconds(3)) < 0) {
            throw new IllegalArgumentException("calllog.webhooks.lease must be at least the timeout and 3 s: a round "
                    + "starts only while the lease has room for its longest attempt");
        }
    }
}
