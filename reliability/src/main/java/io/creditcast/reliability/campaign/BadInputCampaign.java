package io.creditcast.reliability.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditcast.reliability.check.CheckReport;
import io.creditcast.reliability.stack.Stack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Reads the command service's own OpenAPI document and sends, for every operation, requests that are
 * wrong: malformed JSON, invalid UTF-8, missing and unknown fields, wrong types, boundary and oversized
 * values, hostile path parameters, a wrong media type, huge headers. Every answer must be a 4xx
 * {@code application/problem+json} (never a 5xx, never a 2xx for a write) and the event store must hold
 * exactly the events it held before.
 */
public final class BadInputCampaign {
    /**
     * A probe with no answer within this is sent once more on a new connection; no answer again is a violation (a
     * hang). A PATCH of the profile went unanswered now and then (twice in four runs, 2026-12-03), so far always
     * right after other probes on the same keep-alive connection; the resends are counted and printed.
     */
    private static final java.time.Duration ANSWER_TIMEOUT = java.time.Duration.ofSeconds(30);

    public static final String NAME = "bad_input";
    static final String USER = "badinput-user";
    static final String ROLES = "viewer,creator,moderator,admin,auditor,service";
    static final int OVERSIZED_BODY_BYTES = 20 * 1024;
    static final int HUGE_HEADER_BYTES = 20 * 1024;
    static final int LONG_STRING_CHARS = 5_000;
    /** Settlement runs write events on their own schedule; they are not a reaction to bad input. */
    static final String EVENTS_SQL =
            "SELECT count(*) FROM domainevententry WHERE payloadtype NOT LIKE '%EarningsSettled'";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One generated request and why it is wrong. */
    record Probe(
            String method, String path, String contentType, byte[] body, Map<String, String> headers, String why) {}

    private final Stack stack;
    private final long seed;

    public BadInputCampaign(Stack stack, long seed) {
        this.stack = stack;
        this.seed = seed;
    }

    public CheckReport run() throws IOException, SQLException {
        List<String> violations = new ArrayList<>();
        long before = countEvents();
        List<Probe> probes;
        int sent = 0;
        int resentAfterNoAnswer = 0;
        try (Api api = new Api(stack.commandService().baseUrl())) {
            Api.Response docs = api.get("/v3/api-docs", null, null);
            if (docs.status() != 200) {
                throw new IllegalStateException("no OpenAPI document: " + docs.status() + " " + docs.body());
            }
            probes = probes(JSON.readTree(docs.body()), new Random(seed));
            for (Probe probe : probes) {
                Api.Response r = send(api, probe);
                if (r == null) {
                    continue;
                }
                if (r.status() == Api.NO_ANSWER) {
                    // once more on a new connection (what an HTTP client does when a keep-alive connection the
                    // server has just closed swallows a request); no answer again is a hang, a violation
                    resentAfterNoAnswer++;
                    try (Api fresh = new Api(stack.commandService().baseUrl())) {
                        r = send(fresh, probe);
                    }
                }
                sent++;
                String violation = judge(probe, r);
                if (violation != null) {
                    violations.add(violation);
                }
            }
        }
        long after = countEvents();
        if (after != before) {
            violations.add("the event store changed: " + before + " events before, " + after + " after");
        }
        System.out.println("FIGURE bad_input_resent_after_no_answer " + resentAfterNoAnswer);
        return new CheckReport(NAME, sent, sent, violations, seed);
    }

    static String judge(Probe probe, Api.Response r) {
        String what = probe.method() + " " + probe.path() + " (" + probe.why() + ")";
        if (r.status() == Api.NO_ANSWER) {
            return what + ": no answer: " + r.body();
        }
        if (r.status() >= 500) {
            return what + ": " + r.status() + " " + abbreviate(r.body());
        }
        if (r.status() < 400) {
            return probe.method().equals("GET") ? null : what + ": accepted with " + r.status();
        }
        if (!r.contentType().startsWith("application/problem+json")) {
            return what + ": " + r.status() + " with content type '" + r.contentType() + "' " + abbreviate(r.body());
        }
        return null;
    }

    /** Sends one probe; {@code null} when the client itself refuses to build it (e.g. a header it forbids). */
    private static Api.Response send(Api api, Probe probe) {
        // raw socket for what java.net.http would not send as is (it replaces non-ASCII header bytes with '?')
        if (probe.why().equals("huge header") || probe.why().equals("non-ASCII key")) {
            Map<String, String> headers = new LinkedHashMap<>(probe.headers());
            headers.put("Content-Type", probe.contentType());
            headers.put(Api.USER_HEADER, USER);
            headers.put(Api.ROLES_HEADER, ROLES);
            return RawHttp.send(api.baseUrl(), probe.method(), probe.path(), headers, probe.body());
        }
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.baseUrl() + probe.path()))
                    .timeout(ANSWER_TIMEOUT)
                    .header("Accept", "application/json");
            if (probe.contentType() != null) {
                request.header("Content-Type", probe.contentType());
            }
            probe.headers().forEach(request::header);
            HttpRequest.BodyPublisher body = probe.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(probe.body());
            request.method(probe.method(), body);
            return api.send(request, USER, ROLES, null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** All probes for all operations of the document, in a seeded order. */
    static List<Probe> probes(JsonNode document, Random random) {
        List<Probe> probes = new ArrayList<>();
        JsonNode schemas = document.path("components").path("schemas");
        for (Iterator<Map.Entry<String, JsonNode>> paths =
                        document.path("paths").fields();
                paths.hasNext(); ) {
            var path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                var op = ops.next();
                String method = op.getKey().toUpperCase(java.util.Locale.ROOT);
                if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                probes.addAll(probesFor(method, path.getKey(), op.getValue(), schemas));
            }
        }
        java.util.Collections.shuffle(probes, random);
        return probes;
    }

    static List<Probe> probesFor(String method, String template, JsonNode operation, JsonNode schemas) {
        List<Probe> probes = new ArrayList<>();
        String path = template.replaceAll("\\{[^}]+}", "p1");
        Map<String, String> none = Map.of();
        // hostile path parameters
        if (template.contains("{")) {
            for (String bad : List.of("a".repeat(300), "%FF%FE", "%00", "..%2F..", "%20", "%C3%28")) {
                probes.add(new Probe(
                        method, template.replaceAll("\\{[^}]+}", bad), json(), bytes("{}"), none, "path param " + bad));
            }
        }
        probes.add(new Probe(
                method, path, json(), bytes("{}"), Map.of("X-Filler", "x".repeat(HUGE_HEADER_BYTES)), "huge header"));
        probes.add(
                new Probe(method, path, json(), bytes("{}"), Map.of("Idempotency-Key", "k\u00e9y"), "non-ASCII key"));
        probes.add(
                new Probe(method, path, json(), bytes("{}"), Map.of("Idempotency-Key", "k".repeat(300)), "long key"));
        JsonNode schema = resolve(
                operation
                        .path("requestBody")
                        .path("content")
                        .path("application/json")
                        .path("schema"),
                schemas);
        if (schema == null) {
            return probes;
        }
        // malformed bodies
        for (String malformed :
                List.of("", "{", "{\"a\":}", "[1,2", "nul", "\"text\"", "123", "[]", "null", "{\"a\" 1}")) {
            probes.add(new Probe(method, path, json(), bytes(malformed), none, "malformed body '" + malformed + "'"));
        }
        probes.add(new Probe(
                method,
                path,
                json(),
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
                none,
                "invalid UTF-8"));
        probes.add(new Probe(method, path, "text/plain", bytes("hello"), none, "wrong media type"));
        probes.add(new Probe(
                method,
                path,
                json(),
                bytes("{\"pad\":\"" + "x".repeat(OVERSIZED_BODY_BYTES) + "\"}"),
                none,
                "oversized body"));
        java.util.Set<String> required = new java.util.HashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        if (!required.isEmpty()) {
            // with no required field (e.g. a PATCH), an empty object is a valid request
            probes.add(new Probe(method, path, json(), bytes("{}"), none, "all fields missing"));
        }
        probes.add(new Probe(method, path, json(), bytes("{\"unknown_field_zz\":1}"), none, "unknown field"));
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        schema.path("properties").fields().forEachRemaining(e -> properties.put(e.getKey(), e.getValue()));
        if (!properties.isEmpty()) {
            String first = properties.keySet().iterator().next();
            byte[] invalidInValue =
                    concat(bytes("{\"" + first + "\":\""), new byte[] {(byte) 0xFF, (byte) 0xFE}, bytes("\"}"));
            probes.add(new Probe(method, path, json(), invalidInValue, none, "invalid UTF-8 in " + first));
        }
        for (var property : properties.entrySet()) {
            String name = property.getKey();
            String type = resolve(property.getValue(), schemas) == null
                    ? ""
                    : resolve(property.getValue(), schemas).path("type").asText();
            for (String value : badValues(type)) {
                if (!required.contains(name) && (value.equals("null") || value.equals("\"\""))) {
                    continue; // clearing an optional field is not bad input
                }
                String body = "{\"" + name + "\":" + value + "}";
                probes.add(new Probe(method, path, json(), bytes(body), none, name + "=" + abbreviate(value)));
            }
        }
        return probes;
    }

    static List<String> badValues(String type) {
        String longString = "\"" + "y".repeat(LONG_STRING_CHARS) + "\"";
        return switch (type) {
            case "integer", "number" ->
                List.of(
                        "\"abc\"",
                        "1.5",
                        "true",
                        "[]",
                        "{}",
                        "null",
                        "-1",
                        "0",
                        "9223372036854775807",
                        "-9223372036854775808",
                        "99999999999999999999999",
                        "1e400",
                        "\"12\"");
            case "string" ->
                List.of("123", "true", "[]", "{}", "null", "\"\"", longString, "\"\\u0000\"", "\"\\ud800\"");
            case "boolean" -> List.of("\"yes\"", "2", "[]", "null");
            default -> List.of("\"abc\"", "1", "[]", "{}", "null");
        };
    }

    private static JsonNode resolve(JsonNode schema, JsonNode schemas) {
        if (schema == null || schema.isMissingNode()) {
            return null;
        }
        JsonNode ref = schema.get("$ref");
        if (ref != null) {
            String name = ref.asText().substring(ref.asText().lastIndexOf('/') + 1);
            return schemas.path(name);
        }
        return schema;
    }

    private long countEvents() throws SQLException {
        try (Connection c = stack.postgres().connect();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(EVENTS_SQL)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static String json() {
        return "application/json";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
