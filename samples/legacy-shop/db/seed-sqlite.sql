-- The shop's local development database (db/shop.sqlite): the same tables as production,
-- in SQLite's types, with a copy of the configuration rows. Rebuild with:
--   rm -f shop.sqlite && sqlite3 shop.sqlite < seed-sqlite.sql
CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT NOT NULL UNIQUE,
  last_login_ip VARCHAR(15),
  last_login_ip_num INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_customers_last_login_ip ON customers (last_login_ip);
CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  total NUMERIC NOT NULL,
  placed_at TEXT NOT NULL,
  status TEXT NOT NULL
);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL,
  client_ip VARCHAR(15) NOT NULL,
  at TEXT NOT NULL
);
CREATE TABLE settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

INSERT INTO customers (id, name, email, last_login_ip, last_login_ip_num) VALUES
  (1, 'Aiko Tanaka', 'aiko@example.test', '198.51.100.23', 3325256727),
  (2, 'Ben Okafor', 'ben@example.test', '10.20.30.40', 169090600),
  (3, 'Chen Wei', 'chen@example.test', NULL, 0);
INSERT INTO orders (id, customer_id, total, placed_at, status) VALUES
  (1, 1, 42.50, '2026-10-01T10:00:00Z', 'shipped'),
  (2, 2, 17.00, '2026-10-02T11:30:00Z', 'open');
INSERT INTO audit_log (customer_id, client_ip, at) VALUES
  (1, '198.51.100.23', '2026-10-01T09:58:00Z'),
  (2, '10.20.30.40', '2026-10-02T11:29:00Z'),
  (2, '10.20.30.41', '2026-10-03T08:00:00Z');
INSERT INTO settings (name, value) VALUES
  ('allowed_hosts', '10.0.0.5,10.0.0.6,shop.test'),
  ('smtp_relay', 'smtp://192.0.2.25:25'),
  ('payment_callback', 'https://203.0.113.80/callback'),
  ('support_email', 'support@shop.test');
