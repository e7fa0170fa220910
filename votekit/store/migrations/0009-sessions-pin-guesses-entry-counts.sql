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
