package io.creditcast.command.chat.message;

import java.text.Normalizer;

/**
 * Chat text as stored and shown: control characters removed (format characters such as the zero-width
 * joiner stay, emoji sequences need them), Unicode NFC, trimmed; length counted in code points. HTML is
 * never interpreted: clients render the text as text.
 */
public final class MessageText {
    private MessageText() {}

    public sealed interface Result {}

    public record Ok(String text) implements Result {}

    public record Empty() implements Result {}

    public record TooLong(int codePoints, int max) implements Result {}

    public static Result normalise(String raw, int maxCodePoints) {
        if (raw == null) {
            return new Empty();
        }
        StringBuilder sb = new StringBuilder(raw.length());
        raw.codePoints()
                .filter(cp ->
                        Character.getType(cp) != Character.CONTROL && Character.getType(cp) != Character.SURROGATE)
                .forEach(sb::appendCodePoint);
        String text = Normalizer.normalize(sb, Normalizer.Form.NFC).strip();
        if (text.isEmpty()) {
            return new Empty();
        }
        int codePoints = text.codePointCount(0, text.length());
        if (codePoints > maxCodePoints) {
            return new TooLong(codePoints, maxCodePoints);
        }
        return new Ok(text);
    }
}
