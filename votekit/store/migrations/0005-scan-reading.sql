-- scan reading: read ballots (random keys, no page order) and doubtful marks for people
CREATE TABLE scan_ballots (
    id TEXT PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('pending','ready','adopted')),
    reading TEXT NOT NULL,
    marks TEXT,
    write_ins TEXT,
    illegible INTEGER,
    image BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE scan_doubts (
    id TEXT PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    ballot_id TEXT REFERENCES scan_ballots(id) ON DELETE CASCADE,
    slot INTEGER,
    kind TEXT NOT NULL CHECK (kind IN ('mark','write_in','page')),
    label TEXT NOT NULL DEFAULT '',
    reasons TEXT NOT NULL,
    guess TEXT NOT NULL DEFAULT '',
    confidence REAL,
    image BLOB NOT NULL,
    decision TEXT,
    name TEXT,
    decided_by TEXT
) WITHOUT ROWID;
CREATE INDEX scan_ballots_round ON scan_ballots(round_id, status);
CREATE INDEX scan_doubts_round ON scan_doubts(round_id, ballot_id);
