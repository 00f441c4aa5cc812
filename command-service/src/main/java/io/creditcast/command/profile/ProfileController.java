package io.creditcast.command.profile;

import io.creditcast.command.web.CommandSender;
import io.creditcast.security.Identity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The caller's identity (from the token) and Creditcast profile (seed 000 §8). */
@RestController
@RequestMapping("/api/v1/me")
@Tag(name = "profile")
public class ProfileController {
    public static final int MAX_DISPLAY_NAME_CHARS = 80;
    public static final int MAX_AVATAR_URL_CHARS = 500;
    public static final int MAX_BIO_CHARS = 1000;

    private final CommandSender commands;
    private final ProfileStore profiles;

    public ProfileController(CommandSender commands, ProfileStore profiles) {
        this.commands = commands;
        this.profiles = profiles;
    }

    /**
     * A partial update: absent (null) fields stay as they are; an empty avatar URL or bio clears it.
     *
     * @param avatarUrl an https URL, or empty to clear
     */
    /** No control characters and no unpaired surrogates (PostgreSQL refuses NUL; lone surrogates are not text). */
    static final String NO_CONTROL_CHARACTERS = "[^\\p{Cc}\\p{Cs}]*";

    /** Like {@link #NO_CONTROL_CHARACTERS}, but line breaks and tabs are allowed. */
    static final String TEXT_WITH_LINE_BREAKS = "[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F\\p{Cs}]*";

    public record ProfilePatch(
            @Size(min = 1, max = MAX_DISPLAY_NAME_CHARS)
                    @Pattern.List({
                        @Pattern(regexp = ".*\\S.*", message = "must not be blank"),
                        @Pattern(regexp = NO_CONTROL_CHARACTERS, message = "must not contain control characters")
                    })
                    String displayName,
            @Size(max = MAX_AVATAR_URL_CHARS)
                    @Pattern(regexp = "(https://[^\\s\"<>]+)?", message = "must be an https URL")
                    String avatarUrl,
            @Size(max = MAX_BIO_CHARS)
                    @Pattern(regexp = TEXT_WITH_LINE_BREAKS, message = "must not contain control characters")
                    String bio,
            Boolean creatorOnboarded) {}

    public record MeResponse(
            String subject,
            String username,
            String email,
            boolean emailVerified,
            List<String> roles,
            List<String> scopes,
            ProfileStore.Profile profile) {
        static MeResponse of(Identity who, ProfileStore.Profile profile) {
            return new MeResponse(
                    who.subject(),
                    who.username(),
                    who.email(),
                    who.emailVerified(),
                    who.roles().stream().sorted().toList(),
                    who.scopes().stream().sorted().toList(),
                    profile);
        }
    }

    @GetMapping
    @Operation(
            summary = "Who am I: subject, roles, API scopes, e-mail verification and profile (created on first call)")
    public Mono<MeResponse> me(Authentication auth) {
        Identity who = Identity.of(auth);
        return commands.blocking(() -> MeResponse.of(who, profiles.ensure(who)));
    }

    @PatchMapping("/profile")
    @Operation(summary = "Update display name, avatar URL, bio or the creator onboarding flag")
    public Mono<MeResponse> updateProfile(@Valid @RequestBody ProfilePatch patch, Authentication auth) {
        Identity who = Identity.of(auth);
        return commands.blocking(() -> MeResponse.of(who, profiles.update(who, patch)));
    }
}
