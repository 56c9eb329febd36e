-- Namespaces (all but "default", which always exists) with their limits, and their tokens: each token's id and the
-- SHA-256 of its text, never the text.
CREATE TABLE namespaces (
    name               VARCHAR(64) PRIMARY KEY,
    max_concurrent     INTEGER NOT NULL,
    max_warm_memory_mb BIGINT NOT NULL,
    created_at         TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

CREATE TABLE namespace_tokens (
    id         VARCHAR(32) PRIMARY KEY,
    namespace  VARCHAR(64) NOT NULL,
    hash       VARCHAR(64) NOT NULL UNIQUE,
    created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
