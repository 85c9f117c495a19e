-- Authentication hardening (TS 12.9–12.12, 15.2.5): one row of security settings
-- (password policy and expiry, lockout, idle timeout, which roles need two-factor
-- sign-in, IP allowlists), and each account's TOTP secret.

CREATE TABLE security_settings (
    id                     boolean PRIMARY KEY DEFAULT true CHECK (id),
    password_min_length    integer NOT NULL DEFAULT 12 CHECK (password_min_length BETWEEN 8 AND 128),
    password_upper         boolean NOT NULL DEFAULT true,
    password_lower         boolean NOT NULL DEFAULT true,
    password_digit         boolean NOT NULL DEFAULT true,
    password_symbol        boolean NOT NULL DEFAULT true,
    -- A password older than this must be changed at sign-in; NULL: never expires.
    password_max_age_days  integer DEFAULT 90 CHECK (password_max_age_days BETWEEN 1 AND 3650),
    lockout_attempts       integer NOT NULL DEFAULT 5 CHECK (lockout_attempts BETWEEN 3 AND 20),
    lockout_minutes        integer NOT NULL DEFAULT 15 CHECK (lockout_minutes BETWEEN 1 AND 1440),
    session_idle_minutes   integer NOT NULL DEFAULT 60 CHECK (session_idle_minutes BETWEEN 5 AND 720),
    -- Holders of any of these roles must sign in with a second factor.
    totp_roles             text[] NOT NULL DEFAULT '{administrator}',
    -- Addresses or CIDR ranges, one per line; empty: any address.
    admin_allowlist        text NOT NULL DEFAULT '' CHECK (char_length(admin_allowlist) <= 10000),
    api_allowlist          text NOT NULL DEFAULT '' CHECK (char_length(api_allowlist) <= 10000),
    updated_at             timestamptz NOT NULL DEFAULT now()
);
INSERT INTO security_settings DEFAULT VALUES;

ALTER TABLE users
    -- Base32 TOTP secret (RFC 6238) once enrolled; the pending one during enrolment.
    ADD COLUMN totp_secret         text,
    ADD COLUMN totp_pending_secret text,
    -- The last time step a code was accepted for: a code works once.
    ADD COLUMN totp_last_step      bigint;

INSERT INTO permissions (code, description) VALUES
    ('settings.security', 'Set the password policy, two-factor sign-in, session timeout and IP allowlists');
INSERT INTO role_permissions (role_id, permission)
SELECT id, 'settings.security' FROM roles WHERE code = 'administrator';
