package io.creditcast.command.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditcast.command.profile.ProfileController;
import io.creditcast.command.support.Api;
import io.creditcast.command.support.JwtCommandServiceTest;
import io.creditcast.command.support.KeycloakUsers;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code /me} and the profile (keyed by the Keycloak subject, created on first sight), and ownership: every
 * handler acts on the caller taken from the token, so one user never reaches another's wallet or earnings,
 * and money-moving admin actions record the admin.
 */
@JwtCommandServiceTest
class ProfileAndOwnershipIT extends JwtCommandServiceTest.Base {
    @Autowired
    WebTestClient client;

    @Autowired
    JdbcTemplate jdbc;

    WebTestClient.ResponseSpec patch(String token, String json) {
        return client.patch()
                .uri("/api/v1/me/profile")
                .header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json)
                .exchange();
    }

    WebTestClient.BodyContentSpec get(String token, String path) {
        return client.get()
                .uri(path)
                .header("Authorization", "Bearer " + token)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody();
    }

    @Test
    void the_profile_is_created_on_first_sight_of_a_token_with_the_username_as_display_name() {
        var user = KeycloakUsers.create("first-sight", true, "viewer");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM user_profile WHERE subject = ?", Long.class, user.subject()))
                .isZero();
        get(user.token(), "/api/v1/me")
                .jsonPath("$.subject")
                .isEqualTo(user.subject())
                .jsonPath("$.username")
                .isEqualTo(user.username())
                .jsonPath("$.email_verified")
                .isEqualTo(true)
                .jsonPath("$.profile.display_name")
                .isEqualTo(user.username())
                .jsonPath("$.profile.creator_onboarded")
                .isEqualTo(false);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM user_profile WHERE subject = ?", Long.class, user.subject()))
                .isOne();
    }

    @Test
    void patch_changes_only_the_fields_sent_and_an_empty_value_clears_avatar_and_bio() {
        var user = KeycloakUsers.create("patcher", true, "viewer");
        patch(
                        user.token(),
                        "{\"display_name\":\"DJ Patch\",\"avatar_url\":\"https://cdn.example/a.png\",\"bio\":\"hello\","
                                + "\"creator_onboarded\":true}")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.profile.display_name")
                .isEqualTo("DJ Patch")
                .jsonPath("$.profile.avatar_url")
                .isEqualTo("https://cdn.example/a.png")
                .jsonPath("$.profile.creator_onboarded")
                .isEqualTo(true);
        patch(user.token(), "{\"bio\":\"\",\"avatar_url\":\"\"}")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.profile.display_name")
                .isEqualTo("DJ Patch")
                .jsonPath("$.profile.bio")
                .doesNotExist()
                .jsonPath("$.profile.avatar_url")
                .doesNotExist();
    }

    @Test
    void profile_limits_hold_at_the_limit_and_one_past_it() {
        var user = KeycloakUsers.create("limits", true, "viewer");
        String name = "n".repeat(ProfileController.MAX_DISPLAY_NAME_CHARS);
        patch(user.token(), "{\"display_name\":\"" + name + "\"}")
                .expectStatus()
                .isOk();
        patch(user.token(), "{\"display_name\":\"" + name + "n\"}")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("display_name");
        patch(user.token(), "{\"bio\":\"" + "b".repeat(ProfileController.MAX_BIO_CHARS) + "\"}")
                .expectStatus()
                .isOk();
        patch(user.token(), "{\"bio\":\"" + "b".repeat(ProfileController.MAX_BIO_CHARS + 1) + "\"}")
                .expectStatus()
                .isBadRequest();
        patch(user.token(), "{\"avatar_url\":\"http://insecure.example/a.png\"}")
                .expectStatus()
                .isBadRequest();
        patch(user.token(), "{\"display_name\":\"   \"}").expectStatus().isBadRequest();
        patch(user.token(), "{\"subject\":\"someone-else\"}").expectStatus().isBadRequest();
    }

    @Test
    void a_viewer_sees_only_their_own_wallet_and_an_admin_adjustment_records_the_admin() {
        var alice = KeycloakUsers.create("alice", true, "viewer");
        var bob = KeycloakUsers.create("bob", true, "viewer");
        var admin = KeycloakUsers.persona("owner-admin", true, "admin");
        client.post()
                .uri("/api/v1/admin/wallets/" + alice.subject() + "/adjustments")
                .header("Authorization", "Bearer " + admin.token())
                .header("Idempotency-Key", Api.unique("adj"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("amount_minor", 25, "reason", "ownership test"))
                .exchange()
                .expectStatus()
                .isCreated();
        get(alice.token(), "/api/v1/wallet")
                .jsonPath("$.wallet_id")
                .isEqualTo(alice.subject())
                .jsonPath("$.balance_minor")
                .isEqualTo(25);
        get(bob.token(), "/api/v1/wallet")
                .jsonPath("$.wallet_id")
                .isEqualTo(bob.subject())
                .jsonPath("$.balance_minor")
                .isEqualTo(0);
        String payload = jdbc.queryForObject(
                "SELECT convert_from(payload, 'UTF8') FROM domainevententry WHERE aggregateidentifier = ?"
                        + " ORDER BY globalindex DESC LIMIT 1",
                String.class,
                alice.subject());
        assertThat(payload).contains(admin.subject());
    }

    @Test
    void a_creator_defines_products_and_reads_earnings_only_as_themselves() {
        var creator = KeycloakUsers.create("owner-creator", true, "viewer", "creator");
        client.post()
                .uri("/api/v1/products")
                .header("Authorization", "Bearer " + creator.token())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "ACCESS_PASS", "title", "Pass", "price_minor", 50, "creator_id", "other"))
                .exchange()
                .expectStatus()
                .isBadRequest();
        client.post()
                .uri("/api/v1/products")
                .header("Authorization", "Bearer " + creator.token())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "ACCESS_PASS", "title", "Pass", "price_minor", 50))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.creator_id")
                .isEqualTo(creator.subject());
        get(creator.token(), "/api/v1/creators/me/earnings")
                .jsonPath("$.creator_id")
                .isEqualTo(creator.subject());
    }
}
