-- The gateway's state (faastestbed.gateway.state): what it must not forget when its process ends.
-- Registrations are kept as given, as JSON, so that a field added to a request later is kept without a migration;
-- keys are strings (a function's may later be namespace/name). Later tables (tokens, namespaces) come in V2 and on.

-- Facts about the database itself: the check value of the credentials key.
CREATE TABLE state_meta (
    name  VARCHAR(64) PRIMARY KEY,
    content VARBINARY(4096) NOT NULL
);

-- Registered nodes: the registration without its password and private key (JSON), and those two sealed with
-- AES-GCM under a key that is not in this database (testbed.state.key-file or TESTBED_STATE_KEY).
CREATE TABLE nodes (
    name          VARCHAR(200) PRIMARY KEY,
    registration  CHARACTER LARGE OBJECT NOT NULL,
    secrets       BINARY LARGE OBJECT NOT NULL,
    registered_at TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

-- Registered functions, each as its registration request (JSON).
CREATE TABLE functions (
    id            VARCHAR(400) PRIMARY KEY,
    registration  CHARACTER LARGE OBJECT NOT NULL,
    registered_at TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

-- Run-time settings (PUT /config), one JSON value per name.
CREATE TABLE settings (
    name  VARCHAR(64) PRIMARY KEY,
    content CHARACTER LARGE OBJECT NOT NULL
);

-- Asynchronous invocations: the payload while it waits, the answer once it ran (JSON), until expires_at.
CREATE TABLE async_invocations (
    id           VARCHAR(64) PRIMARY KEY,
    function_id  VARCHAR(400) NOT NULL,
    path         VARCHAR(16),
    payload      BINARY LARGE OBJECT,
    status       VARCHAR(16) NOT NULL,
    submitted_at TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    started_at   TIMESTAMP(9) WITH TIME ZONE,
    ended_at     TIMESTAMP(9) WITH TIME ZONE,
    queue_ms     BIGINT,
    result       CHARACTER LARGE OBJECT,
    error        CHARACTER LARGE OBJECT,
    failure      VARCHAR(32),
    expires_at   TIMESTAMP(9) WITH TIME ZONE
);
CREATE INDEX async_invocations_status ON async_invocations (status, submitted_at);
