PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE hosts (
  ip VARCHAR(15) PRIMARY KEY,
  hostname TEXT NOT NULL
);
CREATE TABLE sessions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  client_ip TEXT NOT NULL CHECK (client_ip GLOB '[0-9]*.[0-9]*.[0-9]*.[0-9]*') REFERENCES hosts(ip),
  ip_num INTEGER,
  peer_address TEXT,
  user_agent TEXT,
  created_at TEXT DEFAULT (datetime('now'))
);
CREATE TABLE settings ("key" TEXT PRIMARY KEY, [value] TEXT, `comment`);
CREATE TABLE login_log (
  id INTEGER PRIMARY KEY,
  remote_host VARCHAR(15) DEFAULT '0.0.0.0',
  at TEXT
);
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('sessions',4);
CREATE INDEX idx_sessions_client_ip ON sessions(client_ip);
CREATE UNIQUE INDEX idx_sessions_ip_num ON sessions (ip_num) WHERE ip_num IS NOT NULL;
CREATE TRIGGER trg_sessions_local AFTER INSERT ON sessions
WHEN NEW.client_ip = '127.0.0.1'
BEGIN
  UPDATE sessions SET user_agent = 'local' WHERE id = NEW.id;
  INSERT INTO login_log (remote_host, at) VALUES (NEW.client_ip, datetime('now'));
END;
CREATE VIEW v_local_sessions AS SELECT * FROM sessions WHERE client_ip LIKE '127.%' OR client_ip = '10.0.0.1';
COMMIT;
