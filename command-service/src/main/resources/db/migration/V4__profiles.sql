-- Creditcast's own profile data, keyed by the Keycloak subject (sub); created on first sight of a token.
CREATE TABLE user_profile (
    subject           varchar(128)  PRIMARY KEY,
    username          varchar(255)  NOT NULL,
    email             varchar(320),
    display_name      varchar(80)   NOT NULL,
    avatar_url        varchar(500),
    bio               varchar(1000),
    creator_onboarded boolean       NOT NULL DEFAULT false,
    created_at        timestamptz   NOT NULL DEFAULT now(),
    updated_at        timestamptz   NOT NULL DEFAULT now()
);
