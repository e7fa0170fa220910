-- meetings, roster, elections, rounds, tellers, sign-in, ballots, audit
CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    branch TEXT NOT NULL,
    date TEXT NOT NULL,
    starts_at TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    presiding TEXT NOT NULL DEFAULT '',
    recorder TEXT NOT NULL DEFAULT '',
    allow_exact_four_fifths INTEGER NOT NULL DEFAULT 0,
    count_unmarked_write_in INTEGER NOT NULL DEFAULT 0,
    pin_hash TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE members (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    gender TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('full','probationary','disciplined','suspended')),
    party_group TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    UNIQUE (meeting_id, name)
);
CREATE TABLE exclusions (
    member_id INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
    reason INTEGER NOT NULL CHECK (reason BETWEEN 1 AND 6),
    higher_approved_on TEXT,
    meeting_approved_on TEXT,
    note TEXT NOT NULL DEFAULT ''
);
CREATE TABLE attendance (
    member_id INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
    arrived_at TEXT,
    left_at TEXT,
    leave_reason TEXT NOT NULL DEFAULT ''
);
CREATE TABLE elections (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    post TEXT NOT NULL CHECK (post IN ('committee','secretary','deputy','by_election')),
    kind TEXT NOT NULL CHECK (kind IN ('competitive','equal')),
    title TEXT NOT NULL,
    seats INTEGER NOT NULL CHECK (seats >= 1),
    electorate TEXT NOT NULL DEFAULT 'meeting' CHECK (electorate IN ('meeting','committee')),
    parent_id INTEGER REFERENCES elections(id),
    position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE candidates (
    election_id INTEGER NOT NULL REFERENCES elections(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members(id),
    name TEXT NOT NULL,
    PRIMARY KEY (election_id, member_id)
);
CREATE TABLE tellers (
    id INTEGER PRIMARY KEY,
    election_id INTEGER NOT NULL REFERENCES elections(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('scrutineer','counter')),
    name TEXT NOT NULL,
    member_id INTEGER REFERENCES members(id),
    UNIQUE (election_id, role, name)
);
CREATE TABLE rounds (
    id INTEGER PRIMARY KEY,
    election_id INTEGER NOT NULL REFERENCES elections(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('first','runoff','further')),
    seats INTEGER NOT NULL CHECK (seats >= 1),
    candidates TEXT NOT NULL DEFAULT '[]',
    issued INTEGER CHECK (issued IS NULL OR issued >= 0),
    issue_reason TEXT NOT NULL DEFAULT '',
    expected_at_issue INTEGER,
    present_at_issue INTEGER,
    returned INTEGER CHECK (returned IS NULL OR returned >= 0),
    UNIQUE (election_id, number)
);
CREATE TABLE ballots (
    id TEXT PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    marks TEXT NOT NULL DEFAULT '{}',
    write_ins TEXT NOT NULL DEFAULT '[]',
    illegible INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    meeting_id INTEGER,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, '审计记录只能追加，不能修改'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, '审计记录只能追加，不能删除'); END;
CREATE INDEX members_meeting ON members(meeting_id);
CREATE INDEX elections_meeting ON elections(meeting_id);
CREATE INDEX ballots_round ON ballots(round_id);
