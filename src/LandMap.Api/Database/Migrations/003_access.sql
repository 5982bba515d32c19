-- Sign-in and roles: users sign in on the page (cookie), scripts and GIS clients use named API keys. Every write records
-- who made it. Roles: staff (reads everything), editor (writes), admin (users and keys); public is "not signed in".

CREATE TABLE users (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
    role            text NOT NULL CHECK (role IN ('staff', 'editor', 'admin')),
    password_hash   text NOT NULL,                       -- ASP.NET Core PasswordHasher (PBKDF2), never the password
    disabled        boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    created_by      text NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
    role            text NOT NULL CHECK (role IN ('staff', 'editor', 'admin')),
    key_hash        bytea NOT NULL UNIQUE,               -- SHA-256 of the key: keys are 256 random bits, a slow hash adds nothing
    key_prefix      text NOT NULL,                       -- the first characters, so a list can show which key is which
    created_at      timestamptz NOT NULL DEFAULT now(),
    created_by      text NOT NULL,
    revoked_at      timestamptz,
    revoked_by      text
);

ALTER TABLE projects ADD COLUMN created_by text NOT NULL DEFAULT 'system', ADD COLUMN updated_by text NOT NULL DEFAULT 'system';
ALTER TABLE projects ALTER COLUMN created_by DROP DEFAULT, ALTER COLUMN updated_by DROP DEFAULT;
ALTER TABLE reservations ADD COLUMN created_by text NOT NULL DEFAULT 'system', ADD COLUMN released_by text;
ALTER TABLE reservations ALTER COLUMN created_by DROP DEFAULT;

-- History rows are ordered as they happened: now() is the transaction's start, so two racing requests could be recorded
-- out of commit order; the clock at the moment of the insert (taken under the resource's row lock) is not.
ALTER TABLE status_history ALTER COLUMN changed_at SET DEFAULT clock_timestamp();
