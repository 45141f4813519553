package io.calllog.query.webhook;

import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where messages may go (server-side request forgery): {@code https} only unless {@code allow-http}, and never to an
 * address of this host or its networks (loopback, private, link-local, carrier-grade NAT, unique-local, multicast,
 * unspecified, and so the cloud metadata services at 169.254.169.254, fd00:ec2::254 and 100.100.100.200) unless
 * {@code allow-private-targets}. A URL is checked when it is set, after resolving its host, and every connection is
 * checked again when it is made ({@link #resolver}): a name that resolved to a public address at creation and to a
 * private one later (DNS rebinding) is refused then.
 */
final class WebhookTargets {

    private final boolean allowHttp;
    private final boolean allowPrivate;

    WebhookTargets(boolean allowHttp, boolean allowPrivate) {
        this.allowHttp = allowHttp;
        this.allowPrivate = allowPrivate;
    }

    /** Why this URL cannot be a target, or empty when it can. */
    Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("must be an absolute http(s) URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.of("must be an absolute http(s) URL");
        }
        if (uri.getUserInfo() != null || uri.getFragment() != null) {
            return Optional.of("must not carry user information or a fragment");
        }
        if (scheme.equals("http") && !allowHttp) {
            return Optional.of("must be https (http is allowed only with calllog.webhooks.allow-http=true)");
        }
        if (allowPrivate) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return Optional.of("has a host that does not resolve");
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                return Optional.of("resolves to a loopback, private, link-local or metadata address ("
                        + "allowed only with calllog.webhooks.allow-private-targets=true)");
            }
        }
        return Optional.empty();
    }

    /** Resolves as {@code resolving} does, and keeps only the addresses a connection may go to. */
    SocketAddressResolver resolver(SocketAddressResolver resolving) {
        if (allowPrivate) {
            return resolving;
        }
        return (host, port, promise) -> resolving.resolve(host, port, new Promise<>() {
            @Override
            public void succeeded(List<InetSocketAddress> resolved) {
                List<InetSocketAddress> allowed = resolved.stream().filter(address -> address.getAddress() != null
                        && isPublic(address.getAddress())).toList();
                if (allowed.isEmpty()) {
                    promise.failed(new RefusedTargetException(host));
                } else {
                    promise.succeeded(allowed);
                }
            }

            @Override
            public void failed(Throwable cause) {
                promise.failed(cause);
            }
        });
    }

    /** Whether an address is on the public internet: none of this host's, its networks' or its cloud's. */
    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first != 0 // "this network"
                    && !(first == 100 && second >= 64 && second < 128) // carrier-grade NAT, Alibaba's metadata
                    && !(first == 192 && second == 0 && (bytes[2] & 0xff) == 0) // IETF protocol assignments
                    && !(first == 198 && (second == 18 || second == 19)) // benchmarking
                    && first < 240; // reserved, broadcast
        }
        if (address instanceof Inet6Address) {
            int first = bytes[0] & 0xff;
            if ((first & 0xfe) == 0xfc) { // unique local fc00::/7, AWS's metadata fd00:ec2::254 among them
                return false;
            }
            boolean ipv4Compatible = true; // ::a.b.c.d and the NAT64 prefix carry an IPv4 address
            for (int i = 0; i < 12; i++) {
                ipv4Compatible &= bytes[i] == 0;
            }
            boolean nat64 = first == 0x00 && (bytes[1] & 0xff) == 0x64 && (bytes[2] & 0xff) == 0xff
                    && (bytes[3] & 0xff) == 0x9b;
            if (ipv4Compatible || nat64) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[]{bytes[12], bytes[13], bytes[14], bytes[15]}));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A connection refused because its host resolved only to addresses messages may not go to. */
    static final class RefusedTargetException extends Exception {
        RefusedTargetException(String host) {
            super("target " + host + " resolves only to loopback, private, link-local or metadata addresses");
        }
    }
}
