-- Chat connection caps over every instance (issue 8): each instance registers its open chat connections
-- and reports that it is alive; a connection counts against its user's and its IP's cap while its
-- instance's report is fresh, so the connections of an instance that died stop counting by themselves.

CREATE TABLE chat_instances (
    instance_id TEXT        PRIMARY KEY,
    seen_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE chat_connections (
    connection_id TEXT        PRIMARY KEY,
    instance_id   TEXT        NOT NULL,
    user_id       TEXT        NOT NULL,
    remote_ip     TEXT        NOT NULL,
    opened_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX chat_connections_user ON chat_connections (user_id);
CREATE INDEX chat_connections_ip ON chat_connections (remote_ip);
CREATE INDEX chat_connections_instance ON chat_connections (instance_id);
