package io.vaultfleet.console.monitoring;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Which hosts the console may post webhooks to. A vault admin chooses the URL but the console makes the call, from
 * inside its own network: without a check a webhook could reach the console's host itself or a cloud metadata
 * service (169.254.169.254). Refused: loopback, link-local, unspecified and multicast addresses (loopback allowed with
 * {@code vaultfleet.monitoring.webhook-allow-loopback=true}, for a receiver on the console's own host). Private ranges
 * (10/8, 172.16/12, 192.168/16, fc00::/7) are allowed: a self-hosted console's receivers usually live there.
 *
 * <p>Checked when the URL is saved and again before every call (a name may resolve differently later). A name that
 * changes its answer between the check and the connection (DNS rebinding) is not prevented.
 */
final class WebhookTargets {
    private WebhookTargets() {
    }

    /** Why the URL's host may not be called, or empty when it may (or when it does not resolve: the call fails then). */
    static Optional<String> refusal(String url, boolean loopbackAllowed) {
        String host = URI.create(url).getHost();
        if (host == null) {
            return Optional.of("the webhook URL has no host");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        for (InetAddress a : addresses) {
            String problem = refusal(a, loopbackAllowed);
            if (problem != null) {
                return Optional.of("the webhook host " + host + " is " + problem + " (" + a.getHostAddress() + ")");
            }
        }
        return Optional.empty();
    }

    private static String refusal(InetAddress a, boolean loopbackAllowed) {
        if (a.isLoopbackAddress()) {
            return loopbackAllowed ? null
                    : "this console's own host (loopback; allow it with vaultfleet.monitoring.webhook-allow-loopback=true)";
        }
        if (a.isLinkLocalAddress()) {
            return "a link-local address, where cloud metadata services answer";
        }
        if (a.isAnyLocalAddress()) {
            return "the unspecified address";
        }
        if (a.isMulticastAddress()) {
            return "a multicast address";
        }
        return null;
    }
}
