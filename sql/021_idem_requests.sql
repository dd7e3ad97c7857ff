-- A client's idempotency key is bound to the request it first came with
-- (issue 22, item 5): the key as the service composes it ("transfer:<member>:
-- <client key>") and a SHA-256 of the request's parameters. The same key
-- with other parameters is refused (svc_idem_bind, cgi-bin/lib/svc.c).
CREATE TABLE IF NOT EXISTS idem_requests (
  idem_key   VARCHAR(128) NOT NULL PRIMARY KEY,
  req_hash   BINARY(32) NOT NULL,
  created_at DATETIME NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
