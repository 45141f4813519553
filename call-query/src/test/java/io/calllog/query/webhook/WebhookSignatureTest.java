package io.calllog.query.webhook;

import com.standardwebhooks.Webhook;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Signatures as the published Standard Webhooks library makes and checks them. */
class WebhookSignatureTest {

    @Test
    void aSignatureIsTheOneTheStandardLibraryMakes() throws Exception {
        String secret = WebhookSignature.newSecret();
        byte[] body = "{\"type\":\"call.started\",\"data\":{\"uuid\":\"é\"}}".getBytes(StandardCharsets.UTF_8);
        long timestamp = Instant.now().getEpochSecond();
        String ours = WebhookSignature.header("msg_1", timestamp, body, List.of(new SigningSecret(secret, Instant.now(),
                null)));
        String theirs = new Webhook(secret).sign("msg_1", timestamp, new String(body, StandardCharsets.UTF_8));
        assertThat(ours).isEqualTo(theirs);
    }

    @Test
    void severalLiveSecretsMakeSeveralEntriesEachOfWhichVerifies() throws Exception {
        String old = WebhookSignature.newSecret();
        String current = WebhookSignature.newSecret();
        String body = "{}";
        long timestamp = Instant.now().getEpochSecond();
        String header = WebhookSignature.header("msg_2", timestamp, body.getBytes(StandardCharsets.UTF_8),
                List.of(new SigningSecret(old, Instant.now(), Instant.now().plusSeconds(60)),
                        new SigningSecret(current, Instant.now(), null)));
        assertThat(header.split(" ")).hasSize(2);
        Map<String, List<String>> headers = Map.of("webhook-id", List.of("msg_2"), "webhook-timestamp",
                List.of(Long.toString(timestamp)), "webhook-signature", List.of(header));
        assertThatCode(() -> new Webhook(old).verify(body, headers)).doesNotThrowAnyException();
        assertThatCode(() -> new Webhook(current).verify(body, headers)).doesNotThrowAnyException();
    }

    @Test
    void aSecretIsWhsecAndTwentyFourRandomBytes() {
        String secret = WebhookSignature.newSecret();
        assertThat(secret).startsWith("whsec_");
        assertThat(java.util.Base64.getDecoder().decode(secret.substring(6))).hasSize(24);
        assertThat(WebhookSignature.newSecret()).isNotEqualTo(secret);
    }
}
