package io.vaultfleet.console.monitoring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * Posts an alert as JSON to a vault's webhook, signed so the receiver can check it came from this console and was
 * not replayed: {@code X-VaultFleet-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>}.
 */
@Component
class WebhookCall {
    static final String SIGNATURE = "X-VaultFleet-Signature";
    static final String EVENT = "X-VaultFleet-Event";
    static final String DELIVERY = "X-VaultFleet-Delivery";

    private final HttpClient http;
    private final MonitoringProperties properties;

    WebhookCall(MonitoringProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder().connectTimeout(properties.webhookTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Returns null when the receiver accepted it (2xx), else why not. */
    String post(String url, String secret, String event, String deliveryId, byte[] body, Instant now) {
        var refused = WebhookTargets.refusal(url, properties.webhookAllowLoopback());
        if (refused.isPresent()) {
            return "not called: " + refused.get();
        }
        long t = now.getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(properties.webhookTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "VaultFleet-Webhook/1")
                .header(EVENT, event)
                .header(DELIVERY, deliveryId)
                .header(SIGNATURE, "t=" + t + ",v1=" + sign(secret, t, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status >= 200 && status < 300 ? null : "the receiver answered HTTP " + status;
        } catch (IOException e) {
            return "could not reach the receiver: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    static String sign(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
