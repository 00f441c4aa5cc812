package io.creditcast.media.ffmpeg;

import io.creditcast.media.ffmpeg.internal.ShortProcess;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a file's container and streams with {@code ffprobe} (blocking; call it off event-loop threads). */
public final class Ffprobe {

    /** What probing a file produced. */
    public sealed interface Result {
        /** ffprobe read it; whether it is usable media is up to the caller ({@link MediaProbe#isTimedMedia()}). */
        record Readable(MediaProbe probe) implements Result {}

        /** ffprobe could not read it (not media, truncated, timed out); {@code reason} is its diagnostic. */
        record Unreadable(String reason) implements Result {}
    }

    private static final int MAX_OUTPUT_BYTES = 256 * 1024;
    private static final JsonMapper JSON = JsonMapper.shared();

    private final FfmpegInstallation installation;
    private final Duration timeout;

    public Ffprobe(FfmpegInstallation installation, Duration timeout) {
        this.installation = installation;
        this.timeout = timeout;
    }

    public Result probe(Path file) throws IOException {
        ShortProcess.Result run = ShortProcess.run(
                installation.ffprobeProcess(List.of(
                        "-hide_banner",
                        "-v",
                        "error",
                        "-show_entries",
                        "format=format_name,duration:stream=index,codec_type,codec_name,width,height"
                                + ":stream_disposition=attached_pic",
                        "-of",
                        "json",
                        file.toString())),
                timeout,
                MAX_OUTPUT_BYTES);
        if (run.timedOut()) {
            return new Result.Unreadable("ffprobe gave no answer within " + timeout);
        }
        if (run.exitCode() != 0) {
            String reason = run.firstDiagnosticLine();
            // ffprobe prefixes the path; keep only its verdict
            String prefix = file + ": ";
            return new Result.Unreadable(reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason);
        }
        try {
            return new Result.Readable(parse(JSON.readTree(run.stdout())));
        } catch (JacksonException | IllegalArgumentException e) {
            return new Result.Unreadable("unreadable ffprobe output: " + e.getMessage());
        }
    }

    static MediaProbe parse(JsonNode root) {
        JsonNode format = root.path("format");
        List<MediaProbe.Stream> streams = new ArrayList<>();
        for (JsonNode stream : root.path("streams")) {
            streams.add(new MediaProbe.Stream(
                    stream.path("index").asInt(streams.size()),
                    stream.path("codec_type").asString(""),
                    stream.path("codec_name").asString(""),
                    stream.path("width").asInt(0),
                    stream.path("height").asInt(0),
                    stream.path("disposition").path("attached_pic").asInt(0) == 1));
        }
        return new MediaProbe(format.path("format_name").asString(""), durationUs(format.path("duration")), streams);
    }

    private static long durationUs(JsonNode duration) {
        String text = duration.asString("");
        if (text.isBlank() || text.equals("N/A")) {
            return 0;
        }
        try {
            return new BigDecimal(text).movePointRight(6).longValue();
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
