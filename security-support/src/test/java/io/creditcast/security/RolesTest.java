package io.creditcast.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RolesTest {
    @Test
    void unknown_role_names_are_dropped_and_case_is_ignored() {
        assertThat(Roles.known(List.of("Viewer", "default-roles-creditcast", "offline_access", "ADMIN")))
                .containsExactly("viewer", "admin");
    }

    @Test
    void moderators_and_auditors_get_no_scope_that_moves_money() {
        assertThat(Roles.scopes(Set.of("moderator"), List.of())).doesNotContain(Roles.MONETIZATION_WRITE);
        assertThat(Roles.scopes(Set.of("auditor"), List.of()))
                .allMatch(s -> s.endsWith(":read"))
                .contains(Roles.MONETIZATION_READ, Roles.ANALYTICS_READ);
    }

    @Test
    void an_auditor_who_is_also_a_viewer_still_gets_only_read_scopes() {
        assertThat(Roles.scopes(Set.of("viewer", "auditor"), List.of())).allMatch(s -> s.endsWith(":read"));
    }

    @Test
    void a_token_asking_for_api_scopes_is_narrowed_to_them_but_never_widened() {
        assertThat(Roles.scopes(Set.of("viewer"), List.of("openid", "streams:read", "analytics:read")))
                .containsExactly("streams:read");
    }

    @Test
    void oidc_only_scopes_leave_the_role_scopes_whole() {
        assertThat(Roles.scopes(Set.of("viewer"), List.of("openid", "profile", "email")))
                .containsExactlyInAnyOrderElementsOf(Roles.SCOPES_BY_ROLE.get("viewer"));
    }
}
