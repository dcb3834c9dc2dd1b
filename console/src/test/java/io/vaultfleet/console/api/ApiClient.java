package io.vaultfleet.console.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls the REST API over real HTTP with one access token, as a script would. */
final class ApiClient {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final int port;
    private final String token;

    ApiClient(int port, String token) {
        this.port = port;
        this.token = token;
    }

    /** An answer: status, headers and the body parsed as JSON (null when empty or not JSON). */
    record Answer(int status, java.net.http.HttpHeaders headers, String body) {
        JsonNode json() {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }

        /** The problem detail's field, when this is a problem about one. */
        String field() {
            JsonNode field = json().get("field");
            return field == null ? null : field.asString();
        }

        String detail() {
            return json().get("detail").asString();
        }
    }

    Answer get(String path) {
        return send("GET", path, null, Map.of());
    }

    Answer post(String path, Object body) {
        return send("POST", path, body, Map.of());
    }

    Answer send(String method, String path, Object body, Map<String, String> headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            headers.forEach(request::header);
            if (body != null) {
                if (!headers.containsKey("Content-Type")) {
                    request.header("Content-Type", "application/json");
                }
                String text = body instanceof String s ? s : JSON.writeValueAsString(body);
                request.method(method, HttpRequest.BodyPublishers.ofString(text));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers(), response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
