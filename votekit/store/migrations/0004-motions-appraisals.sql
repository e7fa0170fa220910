-- other votes: motions (表决) and appraisals (民主测评) with their sheets
CREATE TABLE motions (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('admit','confirm','dispose','general')),
    person TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    proposal TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    method TEXT CHECK (method IS NULL OR method IN ('hands','ballot')),
    agree INTEGER, against INTEGER, abstain INTEGER, invalid INTEGER,
    issued INTEGER, returned INTEGER,
    expected_at_vote INTEGER, present_at_vote INTEGER,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','carried','rejected','void')),
    verdict TEXT
);
CREATE TABLE appraisals (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    appraised TEXT NOT NULL DEFAULT '[]',
    position INTEGER NOT NULL DEFAULT 0,
    issued INTEGER CHECK (issued IS NULL OR issued >= 0),
    returned INTEGER CHECK (returned IS NULL OR returned >= 0),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed','void')),
    summary TEXT
);
CREATE TABLE appraisal_sheets (
    id TEXT PRIMARY KEY,
    appraisal_id INTEGER NOT NULL REFERENCES appraisals(id) ON DELETE CASCADE,
    ratings TEXT NOT NULL DEFAULT '{}',
    illegible INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE appraisal_tokens (
    token TEXT PRIMARY KEY,
    appraisal_id INTEGER NOT NULL REFERENCES appraisals(id) ON DELETE CASCADE,
    sheet_id TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX motions_meeting ON motions(meeting_id);
CREATE INDEX appraisals_meeting ON appraisals(meeting_id);
CREATE INDEX appraisal_sheets_round ON appraisal_sheets(appraisal_id);
