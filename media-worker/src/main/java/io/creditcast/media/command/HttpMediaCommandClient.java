package io.creditcast.media.command;

import io.creditcast.stream.AccessPolicy;
import io.creditcast.stream.IngestProtocol;
import io.creditcast.stream.StreamStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@link MediaCommandClient} over the command service's {@code /api/v1/internal/media} endpoints. */
public final class HttpMediaCommandClient implements MediaCommandClient {
    private static final Logger log = LoggerFactory.getLogger(HttpMediaCommandClient.class);
    private static final String BASE_PATH = "/api/v1/internal/media";
    private static final Pattern STREAM_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CommandClientProperties properties;
    private final BearerTokenSupplier tokens;
    private final HttpClient http;

    /** @param tokens used in {@code bearer} mode; may be null in {@code dev-headers} mode */
    public HttpMediaCommandClient(CommandClientProperties properties, BearerTokenSupplier tokens) {
        this.properties = Objects.requireNonNull(properties);
        this.tokens = tokens;
        if (properties.auth().equals("bearer") && tokens == null) {
            throw new IllegalStateException("creditcast.media.command.auth=bearer needs a BearerTokenSupplier bean");
        }
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.requestTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public IngestAuthorization authorize(String streamKey, IngestProtocol protocol) throws IngestRefusedException {
        String body = "{\"stream_key\":" + JSON.writeValueAsString(streamKey) + ",\"protocol\":\"" + protocol + "\"}";
        HttpResponse<String> response;
        try {
            response = send(post(BASE_PATH + "/ingest-authorizations", body));
        } catch (IOException e) {
            log.warn("cannot reach the command side to authorize a publisher: {}", e.toString());
            throw new IngestRefusedException("the command side is unavailable");
        }
        if (response.statusCode() != 200) {
            throw new IngestRefusedException(detail(response));
        }
        try {
            JsonNode json = JSON.readTree(response.body());
            JsonNode resume = json.get("resume_session_id");
            return new IngestAuthorization(
                    json.get("stream_id").asString(),
                    AccessPolicy.valueOf(json.get("access_policy").asString()),
                    json.get("recording_enabled").asBoolean(),
                    resume == null || resume.isNull() ? null : resume.asString());
        } catch (RuntimeException e) {
            throw new IngestRefusedException("unreadable authorization: " + e.getMessage());
        }
    }

    @Override
    public void report(String streamId, MediaFact fact) throws IOException, FactRejectedException {
        requireStreamId(streamId);
        HttpResponse<String> response = send(post(BASE_PATH + "/streams/" + streamId + "/facts", fact.toJson()));
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            throw new FactRejectedException(status + " " + detail(response));
        }
        throw new IOException("command side answered " + status + ": " + detail(response));
    }

    @Override
    public Optional<StreamStatus> status(String streamId) {
        return streamView(streamId)
                .map(json -> StreamStatus.valueOf(json.get("status").asString()));
    }

    @Override
    public Optional<AccessPolicy> accessPolicy(String streamId) {
        return streamView(streamId)
                .map(json -> AccessPolicy.valueOf(json.get("access_policy").asString()));
    }

    @Override
    public Optional<String> creatorId(String streamId) {
        return streamView(streamId).map(json -> json.get("creator_id").asString());
    }

    @Override
    public Optional<String> ingestSessionId(String streamId) {
        return streamView(streamId)
                .map(json -> json.get("ingest_session_id"))
                .filter(session -> !session.isNull())
                .map(JsonNode::asString);
    }

    /** The command side's view of a stream, or empty when it cannot be read right now (logged at debug). */
    private Optional<JsonNode> streamView(String streamId) {
        requireStreamId(streamId);
        try {
            HttpResponse<String> response =
                    send(request(BASE_PATH + "/streams/" + streamId).GET().build());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            return Optional.of(JSON.readTree(response.body()));
        } catch (IOException | RuntimeException e) {
            log.debug("stream {} unavailable from the command side: {}", streamId, e.toString());
            return Optional.empty();
        }
    }

    private HttpRequest post(String path, String json) {
        return request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(properties.baseUrl() + path))
                .timeout(properties.requestTimeout())
                .header("Accept", "application/json, application/problem+json");
        if (properties.auth().equals("bearer")) {
            builder.header("Authorization", "Bearer " + tokens.token());
        } else {
            builder.header("X-Creditcast-User", properties.serviceUser()).header("X-Creditcast-Roles", "service");
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String detail(HttpResponse<String> response) {
        try {
            JsonNode detail = JSON.readTree(response.body()).get("detail");
            return detail == null ? "status " + response.statusCode() : detail.asString();
        } catch (RuntimeException e) {
            return "status " + response.statusCode();
        }
    }

    private static void requireStreamId(String streamId) {
        if (!STREAM_ID.matcher(streamId).matches()) {
            throw new IllegalArgumentException("not a stream id");
        }
    }
}
