package io.creditcast.media.ffmpeg;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps the end of an FFmpeg stderr and its exit status to a typed {@link FfmpegFailure}. Rules are tried in
 * order, each over the whole tail; the first rule with a matching line wins, and that line (without object
 * addresses) becomes the failure's detail. The patterns come from captured
 * FFmpeg 8 output (see the test resources {@code stderr/*.log}).
 */
public final class FfmpegFailureClassifier {

    private record Rule(Pattern pattern, Function<String, FfmpegFailure> failure) {}

    private static final Pattern ADDRESS = Pattern.compile(" @ 0x[0-9a-fA-F]+");
    private static final Pattern SIGNAL = Pattern.compile("received signal (\\d+)|Received > \\d+ system signals");

    private static final List<Rule> RULES = List.of(
            rule(
                    "Error opening input( file)?: (No such file or directory|Connection refused|Connection timed out"
                            + "|No route to host|Network is unreachable|Permission denied|Input/output error"
                            + "|Server returned [45]\\d\\d.*|Host is unreachable)",
                    FfmpegFailure.InputNotFound::new),
            rule(
                    "Failed to resolve hostname|Cannot open connection|HTTP error [45]\\d\\d",
                    FfmpegFailure.InputNotFound::new),
            rule(
                    "Invalid data found when processing input|could not find codec parameters|Unknown input format"
                            + "|moov atom not found|Stream map '.*' matches no streams|does not contain any stream"
                            + "|Decoder \\(codec .*\\) not found|Unsupported codec",
                    FfmpegFailure.InvalidInput::new),
            rule(
                    "Unknown encoder '[^']*'|Error selecting an encoder|Encoder not found|Error while opening encoder"
                            + "|Could not open encoder before EOF|Error submitting .* to the encoder"
                            + "|Error (while )?encoding",
                    FfmpegFailure.EncoderFailed::new),
            rule(
                    "No space left on device|Error opening output file|Failed to open segment|Error writing trailer"
                            + "|Disk quota exceeded|Read-only file system",
                    FfmpegFailure.OutputFailed::new));

    private FfmpegFailureClassifier() {}

    /**
     * Classifies a non-zero exit (callers map exit 0 to success and handle stops they requested themselves).
     *
     * @param exitCode the status reported by {@link Process#exitValue()}: a program's own exit code, or
     *     128 + signal number when a signal ended it
     * @param stderrTail the last lines of stderr, oldest first
     */
    public static FfmpegFailure classify(int exitCode, List<String> stderrTail) {
        Optional<FfmpegFailure.Killed> signalled = signalled(stderrTail);
        if (signalled.isPresent()) {
            return signalled.get();
        }
        for (Rule rule : RULES) {
            for (String line : stderrTail) {
                if (rule.pattern().matcher(line).find()) {
                    return rule.failure().apply(clean(line));
                }
            }
        }
        // FFmpeg's own exit codes are small or AVERROR-derived; a death by signal leaves no message above and
        // a status of 128 + signal (SIGHUP..SIGSYS).
        if (exitCode > 128 && exitCode <= 128 + 31) {
            int number = exitCode - 128;
            return new FfmpegFailure.Killed(number, "ended by signal " + number);
        }
        String last = stderrTail.isEmpty() ? "" : stderrTail.getLast().strip();
        return new FfmpegFailure.Unknown(exitCode, last.isEmpty() ? "exit " + exitCode : last);
    }

    /**
     * FFmpeg catches SIGINT/SIGTERM and then exits "normally", with status 0 when its outputs were fine: the
     * stderr line is the only trace that a signal ended it.
     */
    public static Optional<FfmpegFailure.Killed> signalled(List<String> stderrTail) {
        for (String line : stderrTail) {
            Matcher signal = SIGNAL.matcher(line);
            if (signal.find()) {
                int number = signal.group(1) != null ? Integer.parseInt(signal.group(1)) : 15;
                return Optional.of(new FfmpegFailure.Killed(number, clean(line)));
            }
        }
        return Optional.empty();
    }

    /** The line without FFmpeg's object addresses ({@code [libx264 @ 0x55...]} becomes {@code [libx264]}). */
    private static String clean(String line) {
        return ADDRESS.matcher(line).replaceAll("").strip();
    }

    private static Rule rule(String regex, Function<String, FfmpegFailure> failure) {
        return new Rule(Pattern.compile(regex), failure);
    }
}
