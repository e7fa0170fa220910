-- hardening: server-side sessions, PIN guessing that survives a restart, entries counted per teller (no per-ballot audit), who owns each pile of a double entry
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('teller','scrutineer','projector')),
    who TEXT NOT NULL DEFAULT '',
    device TEXT NOT NULL,
    started TEXT NOT NULL,
    last_seen TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_meeting ON sessions(meeting_id);
CREATE TABLE pin_guesses (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('meeting','scrutineer')),
    wrong INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT NOT NULL DEFAULT '',
    refused INTEGER NOT NULL DEFAULT 0,
    addresses TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (meeting_id, kind)
) WITHOUT ROWID;
CREATE TABLE entry_counts (
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    pile TEXT NOT NULL DEFAULT '',
    teller TEXT NOT NULL,
    entered INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, pile, teller)
) WITHOUT ROWID;
CREATE TABLE pile_owners (
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    pile TEXT NOT NULL CHECK (pile IN ('A','B')),
    person TEXT NOT NULL,
    device TEXT NOT NULL,
    PRIMARY KEY (round_id, pile)
) WITHOUT ROWID;
-- secret ballot: a table holding ballot contents or entry tokens that a transaction changed is
-- rewritten in key order before that transaction commits (Store.write reads and empties this)
CREATE TABLE shelve_pending (
    name TEXT PRIMARY KEY
) WITHOUT ROWID;
CREATE TRIGGER shelve_ballots_insert AFTER INSERT ON ballots
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('ballots'); END;
CREATE TRIGGER shelve_ballots_update AFTER UPDATE ON ballots
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('ballots'); END;
CREATE TRIGGER shelve_ballots_delete AFTER DELETE ON ballots
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('ballots'); END;
CREATE TRIGGER shelve_pile_ballots_insert AFTER INSERT ON pile_ballots
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('pile_ballots'); END;
CREATE TRIGGER shelve_pile_ballots_update AFTER UPDATE ON pile_ballots
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('pile_ballots'); END;
CREATE TRIGGER shelve_pile_ballots_delete AFTER DELETE ON pile_ballots
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('pile_ballots'); END;
CREATE TRIGGER shelve_entry_tokens_insert AFTER INSERT ON entry_tokens
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('entry_tokens'); END;
CREATE TRIGGER shelve_entry_tokens_update AFTER UPDATE ON entry_tokens
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('entry_tokens'); END;
CREATE TRIGGER shelve_entry_tokens_delete AFTER DELETE ON entry_tokens
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('entry_tokens'); END;
CREATE TRIGGER shelve_voided_ballots_insert AFTER INSERT ON voided_ballots
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('voided_ballots'); END;
CREATE TRIGGER shelve_voided_ballots_update AFTER UPDATE ON voided_ballots
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('voided_ballots'); END;
CREATE TRIGGER shelve_voided_ballots_delete AFTER DELETE ON voided_ballots
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('voided_ballots'); END;
CREATE TRIGGER shelve_void_requests_insert AFTER INSERT ON void_requests
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('void_requests'); END;
CREATE TRIGGER shelve_void_requests_update AFTER UPDATE ON void_requests
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('void_requests'); END;
CREATE TRIGGER shelve_void_requests_delete AFTER DELETE ON void_requests
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('void_requests'); END;
CREATE TRIGGER shelve_appraisal_sheets_insert AFTER INSERT ON appraisal_sheets
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('appraisal_sheets'); END;
CREATE TRIGGER shelve_appraisal_sheets_update AFTER UPDATE ON appraisal_sheets
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('appraisal_sheets'); END;
CREATE TRIGGER shelve_appraisal_sheets_delete AFTER DELETE ON appraisal_sheets
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('appraisal_sheets'); END;
CREATE TRIGGER shelve_appraisal_tokens_insert AFTER INSERT ON appraisal_tokens
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('appraisal_tokens'); END;
CREATE TRIGGER shelve_appraisal_tokens_update AFTER UPDATE ON appraisal_tokens
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('appraisal_tokens'); END;
CREATE TRIGGER shelve_appraisal_tokens_delete AFTER DELETE ON appraisal_tokens
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('appraisal_tokens'); END;
