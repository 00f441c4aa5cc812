package io.creditcast.security;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;

/**
 * Purchases and going live need a verified e-mail address (seed 000 FR-A2). Answered as 403 with the
 * {@code email-not-verified} problem type so clients can send the user to verify rather than show "forbidden".
 */
public final class EmailNotVerifiedException extends AccessDeniedException {
    public EmailNotVerifiedException() {
        super("verify your e-mail address first (purchases and going live need it)");
    }

    /** Throws unless the caller's e-mail address is verified. */
    public static void require(Authentication authentication) {
        if (!Identity.of(authentication).emailVerified()) {
            throw new EmailNotVerifiedException();
        }
    }
}
