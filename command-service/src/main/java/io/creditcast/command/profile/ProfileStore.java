package io.creditcast.command.profile;

import io.creditcast.security.Identity;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Profiles keyed by the Keycloak subject; a row is created the first time a subject is seen. */
@Component
public class ProfileStore {
    private final JdbcTemplate jdbc;

    public ProfileStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Profile(
            String displayName,
            String avatarUrl,
            String bio,
            boolean creatorOnboarded,
            Instant createdAt,
            Instant updatedAt) {}

    /** The caller's profile, created on first sight (display name = username); keeps username and e-mail fresh. */
    public Profile ensure(Identity who) {
        jdbc.update(
                """
                INSERT INTO user_profile (subject, username, email, display_name)
                VALUES (?, ?, ?, ?)
                ON CONFLICT (subject) DO UPDATE SET username = EXCLUDED.username, email = EXCLUDED.email
                WHERE user_profile.username IS DISTINCT FROM EXCLUDED.username
                   OR user_profile.email IS DISTINCT FROM EXCLUDED.email
                """,
                who.subject(),
                truncate(who.username(), 255),
                who.email() == null ? null : truncate(who.email(), 320),
                truncate(who.username(), 80));
        return read(who.subject());
    }

    /** Applies the non-null fields (an empty avatar URL or bio clears it). */
    public Profile update(Identity who, ProfileController.ProfilePatch patch) {
        ensure(who);
        jdbc.update(
                """
                UPDATE user_profile SET
                    display_name = COALESCE(CAST(? AS varchar), display_name),
                    avatar_url = CASE WHEN CAST(? AS varchar) IS NULL THEN avatar_url
                                      ELSE NULLIF(CAST(? AS varchar), '') END,
                    bio = CASE WHEN CAST(? AS varchar) IS NULL THEN bio ELSE NULLIF(CAST(? AS varchar), '') END,
                    creator_onboarded = COALESCE(CAST(? AS boolean), creator_onboarded),
                    updated_at = now()
                WHERE subject = ?
                """,
                patch.displayName() == null ? null : patch.displayName().strip(),
                patch.avatarUrl(),
                patch.avatarUrl(),
                patch.bio(),
                patch.bio(),
                patch.creatorOnboarded(),
                who.subject());
        return read(who.subject());
    }

    private Profile read(String subject) {
        return jdbc.queryForObject(
                "SELECT display_name, avatar_url, bio, creator_onboarded, created_at, updated_at"
                        + " FROM user_profile WHERE subject = ?",
                ProfileStore::map,
                subject);
    }

    private static Profile map(ResultSet rs, int row) throws SQLException {
        return new Profile(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getBoolean(4),
                rs.getTimestamp(5).toInstant(),
                rs.getTimestamp(6).toInstant());
    }

    private static String truncate(String s, int maxChars) {
        return s.length() <= maxChars ? s : s.substring(0, maxChars);
    }
}
