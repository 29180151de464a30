-- Sign-in (ASP.NET Core Identity) and the townships a field user is bound to.
CREATE TABLE roles (
    id                  TEXT NOT NULL PRIMARY KEY,
    name                TEXT,
    normalized_name     TEXT,
    concurrency_stamp   TEXT
);
CREATE UNIQUE INDEX "RoleNameIndex" ON roles (normalized_name);

CREATE TABLE users (
    id                      TEXT NOT NULL PRIMARY KEY,
    display_name            TEXT,
    user_name               TEXT,
    normalized_user_name    TEXT,
    email                   TEXT,
    normalized_email        TEXT,
    email_confirmed         INTEGER NOT NULL,
    password_hash           TEXT,
    security_stamp          TEXT,
    concurrency_stamp       TEXT,
    phone_number            TEXT,
    phone_number_confirmed  INTEGER NOT NULL,
    two_factor_enabled      INTEGER NOT NULL,
    lockout_end             INTEGER,
    lockout_enabled         INTEGER NOT NULL,
    access_failed_count     INTEGER NOT NULL
);
CREATE UNIQUE INDEX "UserNameIndex" ON users (normalized_user_name);
CREATE INDEX "EmailIndex" ON users (normalized_email);

CREATE TABLE role_claims (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    role_id     TEXT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    claim_type  TEXT,
    claim_value TEXT
);
CREATE INDEX role_claims_role_id ON role_claims (role_id);

CREATE TABLE user_claims (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    claim_type  TEXT,
    claim_value TEXT
);
CREATE INDEX user_claims_user_id ON user_claims (user_id);

CREATE TABLE user_logins (
    login_provider          TEXT NOT NULL,
    provider_key            TEXT NOT NULL,
    provider_display_name   TEXT,
    user_id                 TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (login_provider, provider_key)
);
CREATE INDEX user_logins_user_id ON user_logins (user_id);

CREATE TABLE user_roles (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role_id TEXT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, role_id)
);
CREATE INDEX user_roles_role_id ON user_roles (role_id);

CREATE TABLE user_tokens (
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    login_provider  TEXT NOT NULL,
    name            TEXT NOT NULL,
    value           TEXT,
    PRIMARY KEY (user_id, login_provider, name)
);

CREATE TABLE user_townships (
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    township_id INTEGER NOT NULL REFERENCES townships (id),
    PRIMARY KEY (user_id, township_id)
);

INSERT INTO roles (id, name, normalized_name, concurrency_stamp) VALUES
    ('admin', 'Admin', 'ADMIN', 'admin'),
    ('planner', 'Planner', 'PLANNER', 'planner'),
    ('leader', 'Leader', 'LEADER', 'leader'),
    ('fieldteam', 'FieldTeam', 'FIELDTEAM', 'fieldteam');
