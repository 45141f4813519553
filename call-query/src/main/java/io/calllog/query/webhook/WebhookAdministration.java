package io.calllog.query.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.calllog.query.feed.ChangeCursor;
import io.calllog.query.feed.ChangeFeed;
import io.calllog.query.problem.FieldError;
import io.calllog.query.problem.InvalidBodyException;
import io.calllog.query.problem.InvalidQueryException;
import io.calllog.query.problem.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the admin API does with endpoints, their secrets and their deliveries: each request checked field by field
 * (every refusal names its field), then stored. Secrets are made here, answered once, and never logged.
 */
@Service
class WebhookAdministration {

    static final int REPLAY_LIMIT = 100_000;
    static final URI WEBHOOK_NOT_FOUND = URI.create("urn:call-log:problem:webhook-not-found");
    static final URI DELIVERY_NOT_FOUND = URI.create("urn:call-log:problem:webhook-delivery-not-found");
    private static final Pattern CAMPAIGN = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    private static final Set<String> CREATE_FIELDS = Set.of("url", "types", "campaignUuid", "description", "after");
    private static final Set<String> UPDATE_FIELDS = Set.of("enabled", "url", "types", "campaignUuid", "description");
    private static final Set<String> REPLAY_FIELDS = Set.of("after", "from", "to");
    private static final Logger log = LoggerFactory.getLogger(WebhookAdministration.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebhookEndpoints endpoints;
    private final DeliveryLedger ledger;
    private final ChangeFeed feed;
    private final WebhookProperties properties;
    private final WebhookTargets targets;
    private final Clock clock = Clock.systemUTC();

    WebhookAdministration(WebhookEndpoints endpoints, DeliveryLedger ledger, ChangeFeed feed,
                          WebhookProperties properties) {
        this.endpoints = endpoints;
        this.ledger = ledger;
        this.feed = feed;
        this.properties = properties;
        this.targets = new WebhookTargets(properties.allowHttp(), properties.allowPrivateTargets());
    }

    WebhookEndpointView create(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        object(body, CREATE_FIELDS, errors);
        String url = url(body.get("url"), true, errors);
        List<String> types = types(body.get("types"), true, errors);
        String campaign = campaign(body.get("campaignUuid"), errors);
        String description = description(body.get("description"), errors);
        ChangeCursor start = start(body.get("after"), errors);
        refuseIf(errors);
        Instant now = clock.instant();
        String secret = WebhookSignature.newSecret();
        WebhookEndpoint endpoint = new WebhookEndpoint("ep_" + HexFormat.of().formatHex(randomBytes(10)), url, types,
                campaign, description, true, null, List.of(new SigningSecret(secret, now, null)), start.encode(), now,
                now, null, null, null, null);
        endpoints.insert(endpoint);
        log.info("Webhook endpoint {} created for {} ({})", endpoint.id(), hostOf(url), types);
        return WebhookEndpointView.of(endpoint, now, secret);
    }

    WebhookEndpointList list() {
        Instant now = clock.instant();
        return new WebhookEndpointList(endpoints.all().stream().map(e -> WebhookEndpointView.of(e, now, null))
                .toList());
    }

    WebhookEndpointView get(String id) {
        return WebhookEndpointView.of(endpoint(id), clock.instant(), null);
    }

    WebhookEndpointView update(String id, JsonNode body) {
        endpoint(id);
        List<FieldError> errors = new ArrayList<>();
        object(body, UPDATE_FIELDS, errors);
        Instant now = clock.instant();
        Update update = new Update().set("updatedAt", now);
        if (body.hasNonNull("enabled")) {
            JsonNode enabled = body.get("enabled");
            if (!enabled.isBoolean()) {
                errors.add(new FieldError("enabled", "must be true or false"));
            } else {
                update.set("enabled", enabled.booleanValue()).set("disabledReason", null);
            }
        }
        if (body.hasNonNull("url")) {
            update.set("url", url(body.get("url"), true, errors));
        }
        if (body.hasNonNull("types")) {
            update.set("types", types(body.get("types"), true, errors));
        }
        if (body.has("campaignUuid")) {
            update.set("campaignUuid", campaign(body.get("campaignUuid"), errors));
        }
        if (body.has("description")) {
            update.set("description", description(body.get("description"), errors));
        }
        refuseIf(errors);
        WebhookEndpoint updated = endpoints.update(id, update).orElseThrow(() -> notFound(id));
        return WebhookEndpointView.of(updated, now, null);
    }

    /** A new secret; the ones before keep signing for {@code rotation-overlap}, then stop. */
    WebhookEndpointView rotate(String id) {
        WebhookEndpoint endpoint = endpoint(id);
        Instant now = clock.instant();
        String secret = WebhookSignature.newSecret();
        List<SigningSecret> secrets = new ArrayList<>();
        for (SigningSecret old : endpoint.signingAt(now)) {
            secrets.add(old.expiresAt() == null
                    ? new SigningSecret(old.secret(), old.createdAt(), now.plus(properties.rotationOverlap())) : old);
        }
        secrets.add(new SigningSecret(secret, now, null));
        WebhookEndpoint rotated = endpoints.update(id, new Update().set("secrets", secrets).set("updatedAt", now))
                .orElseThrow(() -> notFound(id));
        log.info("Webhook endpoint {}: secret rotated", id);
        return WebhookEndpointView.of(rotated, now, secret);
    }

    void delete(String id) {
        if (!endpoints.delete(id)) {
            throw notFound(id);
        }
        ledger.forget(id);
        log.info("Webhook endpoint {} deleted", id);
    }

    DeliveryPage deliveries(String id, String status, String after, int limit) {
        endpoint(id);
        DeliveryStatus wanted = null;
        if (status != null) {
            wanted = DeliveryStatus.named(status).orElseThrow(() -> new InvalidQueryException(List.of(
                    new FieldError("status", "must be one of pending, delivered, failed"))));
        }
        Long before = null;
        if (after != null) {
            try {
                before = Long.parseLong(after.startsWith("d1.") ? after.substring(3) : "x");
            } catch (NumberFormatException e) {
                throw new InvalidQueryException(List.of(new FieldError("after",
                        "must be the `next` of a page of this ledger")));
            }
        }
        List<WebhookDelivery> page = ledger.page(id, wanted, before, limit);
        String next = page.size() < limit ? null : "d1." + page.get(page.size() - 1).eventIndex();
        return new DeliveryPage(page, next);
    }

    WebhookDelivery delivery(String id, String deliveryId) {
        endpoint(id);
        return ledger.of(id, deliveryId).orElseThrow(() -> new NotFoundException(DELIVERY_NOT_FOUND,
                "Delivery not found", "endpoint " + id + " has no delivery " + deliveryId, "deliveryId", deliveryId));
    }

    /** Sends a delivery again, whatever its status, in its call's order: it keeps its id and its attempts. */
    WebhookDelivery retry(String id, String deliveryId) {
        WebhookDelivery delivery = delivery(id, deliveryId);
        Instant now = clock.instant();
        ledger.reopen(id, List.of(delivery.message()), now);
        ledger.requeue(List.of(new Requeue(Requeue.idOf(id, deliveryId), id, delivery.message(), now)));
        return delivery(id, deliveryId);
    }

    /** Sends the messages of a range of the feed again: those the endpoint wants, each with its usual id. */
    ReplayReceipt replay(String id, JsonNode body) {
        WebhookEndpoint endpoint = endpoint(id);
        List<FieldError> errors = new ArrayList<>();
        object(body, REPLAY_FIELDS, errors);
        ChangeCursor after = null;
        Instant from = instant(body.get("from"), "from", errors);
        Instant to = instant(body.get("to"), "to", errors);
        if (body.hasNonNull("after")) {
            after = cursor(body.get("after"), "after", "", errors);
            if (from != null || to != null) {
                errors.add(new FieldError("after", "cannot be given with from or to"));
            }
        } else if (from == null) {
            errors.add(new FieldError("after", "or from is required"));
        }
        if (from != null && to != null && !to.isAfter(from)) {
            errors.add(new FieldError("to", "must be after from"));
        }
        refuseIf(errors);
        Instant now = clock.instant();
        Instant until = to == null ? now : to;
        ChangeCursor head = feed.head();
        ChangeCursor position = after == null ? ChangeCursor.start() : after;
        List<Requeue> requeues = new ArrayList<>();
        List<Message> entries = new ArrayList<>();
        long queued = 0;
        String next = null;
        outer:
        while (true) {
            List<ChangeFeed.Positioned> read = feed.read(position, 1_000);
            if (read.isEmpty()) {
                break;
            }
            for (ChangeFeed.Positioned event : read) {
                if (!head.covers(event.index())) {
                    break outer; // stored after the request: the endpoint's own delivery sends it
                }
                Message message = EndpointDelivery.messageOf(endpoint, event);
                if (message != null && (from == null || (!message.recordedAt().isBefore(from)
                        && message.recordedAt().isBefore(until)))) {
                    if (queued == REPLAY_LIMIT) {
                        next = position.encode();
                        break outer;
                    }
                    requeues.add(new Requeue(Requeue.idOf(id, message.id()), id, message, now));
                    entries.add(message);
                    queued++;
                }
                position = event.after();
            }
            if (requeues.size() >= 1_000) {
                ledger.reopen(id, entries, now);
                ledger.requeue(requeues);
                requeues.clear();
                entries.clear();
            }
        }
        ledger.reopen(id, entries, now);
        ledger.requeue(requeues);
        log.info("Webhook endpoint {}: {} messages queued to be sent again", id, queued);
        return new ReplayReceipt(queued, next);
    }

    private WebhookEndpoint endpoint(String id) {
        return endpoints.of(id).orElseThrow(() -> notFound(id));
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException(WEBHOOK_NOT_FOUND, "Webhook endpoint not found", "no webhook endpoint " + id,
                "id", id);
    }

    private static void refuseIf(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidBodyException(errors);
        }
    }

    private static void object(JsonNode body, Set<String> known, List<FieldError> errors) {
        if (body == null || !body.isObject()) {
            throw new InvalidBodyException(List.of(new FieldError("body", "must be a JSON object")));
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                errors.add(new FieldError(name, "is not a field of this request"));
            }
        }
    }

    private String url(JsonNode node, boolean required, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(new FieldError("url", "is required"));
            }
            return null;
        }
        if (!node.isTextual() || node.textValue().length() > 2_000) {
            errors.add(new FieldError("url", "must be a URL of at most 2,000 characters"));
            return null;
        }
        targets.refusal(node.textValue()).ifPresent(reason -> errors.add(new FieldError("url", reason)));
        return node.textValue();
    }

    private static List<String> types(JsonNode node, boolean required, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(new FieldError("types", "is required"));
            }
            return null;
        }
        Set<String> types = new LinkedHashSet<>();
        if (node.isArray() && !node.isEmpty()) {
            for (JsonNode type : node) {
                if (!type.isTextual() || WebhookEventType.named(type.textValue()).isEmpty()) {
                    types.clear();
                    break;
                }
                types.add(type.textValue());
            }
        }
        if (types.isEmpty()) {
            errors.add(new FieldError("types", "must be a non-empty list of " + String.join(", ",
                    WebhookEventType.NAMES)));
            return null;
        }
        return List.copyOf(types);
    }

    private static String campaign(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || !CAMPAIGN.matcher(node.textValue()).matches()) {
            errors.add(new FieldError("campaignUuid", "must be 1-128 characters of A-Z, a-z, 0-9, _ . : -"));
            return null;
        }
        return node.textValue();
    }

    private static String description(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.textValue().length() > 500) {
            errors.add(new FieldError("description", "must be text of at most 500 characters"));
            return null;
        }
        return node.textValue();
    }

    private ChangeCursor start(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull() || (node.isTextual() && node.textValue().equals("now"))) {
            return feed.head();
        }
        if (node.isTextual() && node.textValue().equals("start")) {
            return ChangeCursor.start();
        }
        ChangeCursor cursor = cursor(node, "after", " (or now, or start)", errors);
        return cursor == null ? ChangeCursor.start() : cursor;
    }

    private static ChangeCursor cursor(JsonNode node, String field, String alternatives, List<FieldError> errors) {
        try {
            if (node.isTextual()) {
                return ChangeCursor.decode(node.textValue());
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        errors.add(new FieldError(field, "must be a cursor of the change feed" + alternatives));
        return null;
    }

    private static Instant instant(JsonNode node, String field, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            if (node.isTextual()) {
                return java.time.OffsetDateTime.parse(node.textValue()).toInstant();
            }
        } catch (DateTimeParseException e) {
            // refused below
        }
        errors.add(new FieldError(field, "must be an ISO-8601 date-time with offset, such as 2026-04-20T15:00:00Z"));
        return null;
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** The URL's host alone, for logs: a path or query may carry a token. */
    static String hostOf(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return "?";
        }
    }
}
