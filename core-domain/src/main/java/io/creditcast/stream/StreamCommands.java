package io.creditcast.stream;

import io.creditcast.ledger.account.UserId;
import java.util.Objects;
import java.util.regex.Pattern;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Stream lifecycle commands (the media issue adds go-live, end, takedown, key rotation). */
public final class StreamCommands {
    private StreamCommands() {}

    public static final int MAX_TITLE_CHARS = 140;
    private static final Pattern CATEGORY = Pattern.compile("[a-z0-9-]{1,40}");

    public record CreateStream(
            @TargetAggregateIdentifier String streamId, UserId creatorId, String title, String category) {
        public CreateStream {
            Objects.requireNonNull(streamId, "streamId");
            Objects.requireNonNull(creatorId, "creatorId");
            Objects.requireNonNull(title, "title");
            if (title.isBlank() || title.length() > MAX_TITLE_CHARS) {
                throw new IllegalArgumentException("title must be 1-" + MAX_TITLE_CHARS + " characters");
            }
            Objects.requireNonNull(category, "category");
            if (!CATEGORY.matcher(category).matches()) {
                throw new IllegalArgumentException("category must be 1-40 of [a-z0-9-]");
            }
        }
    }
}
