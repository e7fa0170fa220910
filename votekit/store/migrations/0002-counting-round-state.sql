-- counting: round state, ballot-code key, entry tokens, double entry, voids, plenary, posts
CREATE TABLE kit_keys (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE round_state (
    round_id INTEGER PRIMARY KEY REFERENCES rounds(id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed','void')),
    double_entry INTEGER NOT NULL DEFAULT 0,
    seat_reduction_yes INTEGER CHECK (seat_reduction_yes IS NULL OR seat_reduction_yes >= 0),
    record TEXT,
    verdict TEXT,
    closed_by TEXT NOT NULL DEFAULT ''
);
CREATE TABLE entry_tokens (
    token TEXT PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    ballot_id TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE pile_ballots (
    id TEXT PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    pile TEXT NOT NULL CHECK (pile IN ('A','B')),
    marks TEXT NOT NULL DEFAULT '{}',
    write_ins TEXT NOT NULL DEFAULT '[]',
    illegible INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE void_requests (
    ballot_id TEXT PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    reason TEXT NOT NULL DEFAULT '',
    requested_by TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE voided_ballots (
    id TEXT PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    pile TEXT NOT NULL DEFAULT '',
    marks TEXT NOT NULL,
    write_ins TEXT NOT NULL,
    illegible INTEGER NOT NULL,
    reason TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE TABLE plenary (
    meeting_id INTEGER PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
    committee TEXT NOT NULL DEFAULT '[]',
    present TEXT NOT NULL DEFAULT '[]',
    convener TEXT NOT NULL DEFAULT ''
);
CREATE TABLE committee_posts (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    post TEXT NOT NULL,
    PRIMARY KEY (meeting_id, name)
);
CREATE INDEX pile_ballots_round ON pile_ballots(round_id, pile);
