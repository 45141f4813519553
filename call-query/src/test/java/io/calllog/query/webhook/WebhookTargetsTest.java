package io.calllog.query.webhook;

import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server-side request forgery: which URLs may be targets, and which addresses a connection may go to when it is made
 * (after DNS, each time), with and without the switches that tests and on-premises installations set.
 */
class WebhookTargetsTest {

    private final WebhookTargets strict = new WebhookTargets(false, false);
    private final WebhookTargets open = new WebhookTargets(true, true);

    @Test
    void onlyHttpsUnlessHttpIsAllowed() {
        assertThat(strict.refusal("http://93.184.215.14/hook")).get().asString().contains("https");
        assertThat(strict.refusal("https://93.184.215.14/hook")).isEmpty();
        assertThat(open.refusal("http://93.184.215.14/hook")).isEmpty();
        assertThat(strict.refusal("ftp://93.184.215.14/hook")).isPresent();
        assertThat(strict.refusal("/relative")).isPresent();
        assertThat(strict.refusal("https://user:pass@93.184.215.14/hook")).isPresent();
        assertThat(strict.refusal("not a url")).isPresent();
    }

    @Test
    void addressesOfThisHostItsNetworksAndItsCloudAreRefusedUnlessAllowed() {
        for (String url : List.of("https://127.0.0.1/", "https://localhost/", "https://10.1.2.3/", "https://172.16.0.1/",
                "https://192.168.1.1/", "https://169.254.169.254/latest/meta-data/", "https://100.100.100.200/",
                "https://[::1]/", "https://[fd00:ec2::254]/", "https://[fe80::1]/", "https://0.0.0.0/",
                "https://[::ffff:127.0.0.1]/", "https://[64:ff9b::a9fe:a9fe]/")) {
            assertThat(strict.refusal(url)).as(url).get().asString().contains("private");
            assertThat(open.refusal(url)).as(url).isEmpty();
        }
    }

    @Test
    void publicAddressesArePublic() throws Exception {
        for (String address : List.of("93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "1.1.1.1")) {
            assertThat(WebhookTargets.isPublic(InetAddress.getByName(address))).as(address).isTrue();
        }
        for (String address : List.of("100.64.0.1", "198.18.0.1", "224.0.0.1", "255.255.255.255", "fc00::1")) {
            assertThat(WebhookTargets.isPublic(InetAddress.getByName(address))).as(address).isFalse();
        }
    }

    @Test
    void everyConnectionIsCheckedWhenItIsMadeAgainstWhatTheNameResolvesToThen() throws Exception {
        // a name that resolved to a public address when the endpoint was set, and to a private one now (rebinding)
        SocketAddressResolver rebound = (host, port, promise) -> promise.succeeded(List.of(
                address(host, new byte[]{127, 0, 0, 1}, port)));
        assertThat(resolve(strict.resolver(rebound))).isInstanceOf(WebhookTargets.RefusedTargetException.class);
        assertThat(resolve(open.resolver(rebound))).isInstanceOf(List.class);

        SocketAddressResolver mixed = (host, port, promise) -> promise.succeeded(List.of(
                address(host, new byte[]{10, 0, 0, 1}, port),
                address(host, new byte[]{93, (byte) 184, (byte) 215, 14}, port)));
        Object kept = resolve(strict.resolver(mixed));
        assertThat(kept).asList().hasSize(1).first().asString().contains("93.184.215.14");
    }

    private static InetSocketAddress address(String host, byte[] ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(host, ip), port);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object resolve(SocketAddressResolver resolver) throws Exception {
        CompletableFuture<Object> result = new CompletableFuture<>();
        resolver.resolve("hooks.example.com", 443, new Promise<>() {
            @Override
            public void succeeded(List<InetSocketAddress> addresses) {
                result.complete(addresses);
            }

            @Override
            public void failed(Throwable cause) {
                result.complete(cause);
            }
        });
        return result.get();
    }
}
