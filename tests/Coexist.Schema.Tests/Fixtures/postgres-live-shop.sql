-- The shop's PostgreSQL schema with known IPv4 dependencies and data, loaded into the test cluster.
CREATE SCHEMA shop;

CREATE DOMAIN shop.ipv4_text AS varchar(15) CHECK (VALUE ~ '^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$');

CREATE TABLE shop.hosts (
    ip varchar(15) PRIMARY KEY,
    hostname text NOT NULL
);

CREATE TABLE shop.sessions (
    id bigserial PRIMARY KEY,
    client_ip varchar(15) NOT NULL REFERENCES shop.hosts (ip),
    ip_number bigint,
    user_agent text
);
COMMENT ON COLUMN shop.sessions.client_ip IS 'Client IPv4 address';
CREATE INDEX sessions_ip_number_idx ON shop.sessions (ip_number);

CREATE TABLE shop.logins (
    id bigserial PRIMARY KEY,
    client_addr inet NOT NULL,
    gateway shop.ipv4_text,
    created_at timestamptz DEFAULT now()
);

CREATE TABLE shop.settings (
    key text PRIMARY KEY,
    value text NOT NULL,
    details jsonb
);

CREATE TABLE shop.customers (
    id serial PRIMARY KEY,
    email_address varchar(254),
    notes text
);

-- Written by a trigger and by a function: the assessment must never make either run.
CREATE TABLE shop.audit (
    id bigserial PRIMARY KEY,
    happened timestamptz DEFAULT now(),
    what text
);

-- No default, no key: nothing in the catalog read opens it, so only its data scan waits on a lock.
CREATE TABLE shop.imports (
    line text
);

CREATE TABLE shop.office_notes (
    id serial PRIMARY KEY,
    note text
);

INSERT INTO shop.hosts VALUES ('10.0.0.1', 'web1'), ('10.0.0.2', 'web2'), ('192.0.2.10', 'mx');

INSERT INTO shop.sessions (client_ip, ip_number, user_agent)
SELECT CASE WHEN i % 2 = 0 THEN '10.0.0.1' ELSE '10.0.0.2' END,
       CASE WHEN i % 4 = 0 THEN NULL ELSE 167772161 END,
       'Mozilla/5.0 (X11; Linux x86_64) build ' || i
FROM generate_series(1, 1000) AS i;

INSERT INTO shop.logins (client_addr, gateway)
SELECT ('10.0.0.' || i)::inet, '10.0.0.254' FROM generate_series(1, 8) AS i;
INSERT INTO shop.logins (client_addr, gateway) VALUES ('2001:db8::1', NULL), ('2001:db8::2', NULL);

INSERT INTO shop.settings VALUES
    ('allowed_hosts', '10.1.2.3,10.1.2.4', NULL),
    ('api_url', 'http://198.51.100.20:8080/v1', NULL),
    ('office_acl', '10.0.0.0/8', NULL),
    ('greeting', 'hello', '{"upstream": "10.9.8.7"}'),
    ('resolver_v6', '2001:db8::53', NULL),
    ('mapped', '::ffff:192.0.2.1', NULL),
    ('release', 'v1.2.3.4.5', NULL);

INSERT INTO shop.customers (email_address, notes) VALUES ('a@shop.example', 'call after 5.30 pm');

CREATE FUNCTION shop.audit_session() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO shop.audit (what) VALUES ('session from ' || NEW.client_ip);
    IF NEW.client_ip = '127.0.0.1' THEN
        NEW.user_agent := 'local';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER trg_audit_session BEFORE INSERT OR UPDATE ON shop.sessions
    FOR EACH ROW EXECUTE FUNCTION shop.audit_session();

CREATE FUNCTION shop.touch() RETURNS void LANGUAGE sql AS $$ INSERT INTO shop.audit (what) VALUES ('touched') $$;

CREATE VIEW shop.v_internal AS
    SELECT id, client_ip FROM shop.sessions WHERE client_ip LIKE '%.%.%.%' AND client_ip <> '192.0.2.1';

ALTER TABLE shop.office_notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY office_only ON shop.office_notes USING (inet_client_addr() << '10.0.0.0/8'::inet);
