package io.creditcast.command.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditcast.command.support.Api;
import io.creditcast.command.support.KeycloakUsers;
import io.creditcast.testsupport.KeycloakServer;
import io.creditcast.testsupport.SharedKeycloak;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The realm's own rules, against the real Keycloak: the SPA client only does authorization code + PKCE S256,
 * the password policy (seed 004 AUTH-001) at the limit and one past it, brute-force protection (5 failures per
 * 15 minutes) at the limit and one past it, self-registration on.
 */
class IdentityPoliciesIT {
    static final KeycloakServer KEYCLOAK = SharedKeycloak.server();
    static final String SPA = "creditcast-web";
    static final String REDIRECT = "http://localhost:5173/callback";
    static final ObjectMapper JSON = new ObjectMapper();

    // ----- SPA client: PKCE S256 only -----

    @Test
    void the_spa_client_refuses_the_password_grant() {
        var user = KeycloakUsers.persona("pkce-viewer", true, "viewer");
        var response = KEYCLOAK.passwordGrant(KeycloakServer.REALM, SPA, user.username(), KeycloakUsers.PASSWORD);
        assertThat(response.status()).isIn(400, 401);
        assertThat(response.error()).isEqualTo("unauthorized_client");
    }

    @Test
    void the_spa_client_refuses_an_authorization_request_without_an_s256_code_challenge() throws Exception {
        Browser browser = browser();
        for (String challenge : List.of("", "&code_challenge=abc&code_challenge_method=plain")) {
            HttpResponse<String> r = get(browser, authorizeUrl(challenge));
            String location = r.headers().firstValue("Location").orElse("");
            assertThat(r.statusCode() == 400 || location.contains("error=invalid_request"))
                    .as("no code without S256 (%s): %s %s", challenge, r.statusCode(), location)
                    .isTrue();
            assertThat(location).doesNotContain("code=");
        }
    }

    @Test
    void the_spa_client_issues_an_api_token_through_code_and_pkce_and_only_to_the_verifier_holder() throws Exception {
        var user = KeycloakUsers.persona("pkce-viewer", true, "viewer");
        Browser browser = browser();
        String verifier = randomVerifier();
        String code = login(browser, verifier, user.username());
        HttpResponse<String> wrong = exchange(code, randomVerifier());
        assertThat(wrong.statusCode()).isEqualTo(400);

        String verifier2 = randomVerifier();
        String code2 = login(browser, verifier2, user.username());
        HttpResponse<String> missing = exchange(code2, null);
        assertThat(missing.statusCode()).isEqualTo(400);

        String verifier3 = randomVerifier();
        String code3 = login(browser, verifier3, user.username());
        HttpResponse<String> ok = exchange(code3, verifier3);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        String accessToken = JSON.readTree(ok.body()).get("access_token").asText();
        JsonNode claims =
                JSON.readTree(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]));
        assertThat(claims.get("aud").toString()).contains("creditcast-api");
        assertThat(claims.get("roles").toString()).contains("viewer");
        assertThat(claims.get("azp").asText()).isEqualTo(SPA);
    }

    // ----- password policy -----

    @Test
    void a_password_of_exactly_8_chars_with_upper_lower_digit_and_special_is_accepted() {
        String id = KEYCLOAK.createUser(Api.unique("pw"), KeycloakUsers.PASSWORD, true, List.of("viewer"));
        assertThat(KEYCLOAK.resetPassword(id, "Abcdef1!").statusCode()).isEqualTo(204);
    }

    @Test
    void a_password_one_char_short_or_missing_a_class_is_rejected() {
        String id = KEYCLOAK.createUser(Api.unique("pw"), KeycloakUsers.PASSWORD, true, List.of("viewer"));
        for (String weak : List.of("Abcde1!", "abcdef1!", "ABCDEF1!", "Abcdefg!", "Abcdefg1")) {
            var r = KEYCLOAK.resetPassword(id, weak);
            assertThat(r.statusCode()).as("password %s → %s", weak, r.body()).isEqualTo(400);
        }
    }

    // ----- brute force: 5 failures per 15 minutes -----

    @Test
    void four_failed_logins_still_let_the_right_password_in() {
        var user = KeycloakUsers.create("bf-ok", true, "viewer");
        failLogins(user, 4);
        assertThat(passwordLogin(user.username(), KeycloakUsers.PASSWORD).status())
                .isEqualTo(200);
    }

    @Test
    void the_fifth_failed_login_locks_the_account_even_for_the_right_password() {
        var user = KeycloakUsers.create("bf-locked", true, "viewer");
        failLogins(user, 5);
        var locked = passwordLogin(user.username(), KeycloakUsers.PASSWORD);
        assertThat(locked.status()).as(locked.body().toString()).isIn(400, 401);
        assertThat(locked.error()).isEqualTo("invalid_grant");
    }

    @Test
    void the_realm_has_self_registration_brute_force_and_the_password_policy_on() throws Exception {
        JsonNode realm =
                JSON.readTree(KEYCLOAK.admin("GET", "/creditcast", null).body());
        assertThat(realm.get("registrationAllowed").asBoolean()).isTrue();
        assertThat(realm.get("bruteForceProtected").asBoolean()).isTrue();
        assertThat(realm.get("failureFactor").asInt()).isEqualTo(5);
        assertThat(realm.get("maxDeltaTimeSeconds").asInt()).isEqualTo(900);
        assertThat(realm.get("passwordPolicy").asText())
                .contains("length(8)", "upperCase(1)", "lowerCase(1)", "digits(1)", "specialChars(1)");
    }

    // ----- helpers -----

    static KeycloakServer.TokenResponse passwordLogin(String username, String password) {
        return KEYCLOAK.passwordGrant(KeycloakServer.REALM, KeycloakUsers.CLI_CLIENT, username, password);
    }

    static void failLogins(KeycloakUsers.User user, int count) {
        for (int i = 0; i < count; i++) {
            var failed = passwordLogin(user.username(), "Wrong-pass-" + i + "!");
            assertThat(failed.status())
                    .as("attempt %d: %s", i + 1, failed.body())
                    .isIn(400, 401);
            assertThat(failed.error()).isEqualTo("invalid_grant");
            awaitRecordedFailures(user.subject(), i + 1);
        }
    }

    /** Keycloak records login failures asynchronously: wait until its brute-force detector has counted them. */
    static void awaitRecordedFailures(String subject, int expected) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        int recorded = -1;
        while (System.nanoTime() < deadline) {
            try {
                recorded = JSON.readTree(
                                KEYCLOAK.admin("GET", "/creditcast/attack-detection/brute-force/users/" + subject, null)
                                        .body())
                        .path("numFailures")
                        .asInt();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (recorded >= expected) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("Keycloak recorded " + recorded + " failed logins, expected " + expected);
    }

    /**
     * A minimal browser: no redirects followed, and its own cookie jar, because Keycloak marks its login
     * cookies {@code Secure} (127.0.0.1 counts as a secure context for browsers) and the JDK's cookie manager
     * would not send them back over http.
     */
    record Browser(HttpClient http, Map<String, String> cookies) {
        HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            if (!cookies.isEmpty()) {
                request.header(
                        "Cookie",
                        cookies.entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining("; ")));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String setCookie : response.headers().allValues("Set-Cookie")) {
                String pair = setCookie.split(";", 2)[0];
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    cookies.put(
                            pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
            }
            return response;
        }
    }

    static Browser browser() {
        return new Browser(
                HttpClient.newBuilder()
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build(),
                new java.util.concurrent.ConcurrentHashMap<>());
    }

    static String authorizeUrl(String challengeParams) {
        return KEYCLOAK.issuer() + "/protocol/openid-connect/auth?client_id=" + SPA + "&response_type=code&scope=openid"
                + "&state=s1&redirect_uri=" + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8) + challengeParams;
    }

    /** Signs in through the real login form (or the SSO session) and returns the authorization code. */
    static String login(Browser browser, String verifier, String username) throws Exception {
        String challenge = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        HttpResponse<String> page =
                get(browser, authorizeUrl("&code_challenge=" + challenge + "&code_challenge_method=S256"));
        String location;
        if (page.statusCode() == 302) {
            location = page.headers().firstValue("Location").orElseThrow();
        } else {
            assertThat(page.statusCode()).isEqualTo(200);
            Matcher action = Pattern.compile("action=\"([^\"]+)\"").matcher(page.body());
            assertThat(action.find()).as("login form").isTrue();
            String url = action.group(1).replace("&amp;", "&");
            HttpResponse<String> submitted = browser.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(
                            Map.of("username", username, "password", KeycloakUsers.PASSWORD, "credentialId", "")))));
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(302);
            location = submitted.headers().firstValue("Location").orElseThrow();
        }
        Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
        assertThat(code.find()).as(location).isTrue();
        return code.group(1);
    }

    static HttpResponse<String> exchange(String code, String verifier) throws Exception {
        Map<String, String> form = new java.util.LinkedHashMap<>(
                Map.of("grant_type", "authorization_code", "client_id", SPA, "code", code, "redirect_uri", REDIRECT));
        if (verifier != null) {
            form.put("code_verifier", verifier);
        }
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(KEYCLOAK.tokenEndpoint(KeycloakServer.REALM)))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(form(form)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(Browser browser, String url) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(url)));
    }

    static String randomVerifier() {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String form(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
