package io.creditcast.media.ffmpeg.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a short-lived program (a {@code -version} check, an {@code ffprobe}) to completion: both output streams
 * are drained concurrently into bounded buffers, the run is bounded by a timeout after which the process is
 * killed.
 */
public final class ShortProcess {

    /** What a finished (or timed-out and killed) run produced. Output beyond the byte limit is dropped. */
    public record Result(int exitCode, String stdout, String stderr, boolean timedOut) {

        public boolean succeeded() {
            return !timedOut && exitCode == 0;
        }

        /** The first non-blank line of stderr, else of stdout, else an empty string. */
        public String firstDiagnosticLine() {
            for (String text : new String[] {stderr, stdout}) {
                for (String line : text.split("\n")) {
                    if (!line.isBlank()) {
                        return line.strip();
                    }
                }
            }
            return "";
        }
    }

    private ShortProcess() {}

    public static Result run(ProcessBuilder builder, Duration timeout, int maxOutputBytes) throws IOException {
        builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> stdout = drain(process.getInputStream(), maxOutputBytes, "stdout");
        CompletableFuture<String> stderr = drain(process.getErrorStream(), maxOutputBytes, "stderr");
        boolean timedOut = false;
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            return new Result(
                    process.isAlive() ? -1 : process.exitValue(),
                    stdout.get(5, TimeUnit.SECONDS),
                    stderr.get(5, TimeUnit.SECONDS),
                    timedOut);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(
                    "interrupted while waiting for " + builder.command().getFirst(), e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IOException(
                    "could not read the output of " + builder.command().getFirst(), e);
        }
    }

    private static CompletableFuture<String> drain(InputStream in, int maxBytes, String name) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("short-process-" + name).start(() -> {
            try (in) {
                ByteArrayOutputStream kept = new ByteArrayOutputStream();
                byte[] buffer = new byte[8192];
                int read;
                while ((read = in.read(buffer)) != -1) {
                    int room = maxBytes - kept.size();
                    if (room > 0) {
                        kept.write(buffer, 0, Math.min(room, read));
                    }
                }
                result.complete(kept.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.completeExceptionally(new UncheckedIOException(e));
            }
        });
        return result;
    }
}
