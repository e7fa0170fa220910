-- attendance per vote: 请假 reasons, arrivals and departures with times, the roll frozen at each vote's issue, roster details
ALTER TABLE attendance ADD COLUMN absence TEXT NOT NULL DEFAULT '';
UPDATE attendance SET absence = leave_reason, leave_reason = '' WHERE arrived_at IS NULL AND leave_reason != '';
CREATE TABLE attendance_moves (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('arrive','leave','return')),
    at TEXT NOT NULL
);
CREATE INDEX attendance_moves_meeting ON attendance_moves(meeting_id, at);
CREATE TABLE vote_rolls (
    vote TEXT PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    taken_at TEXT NOT NULL,
    moves_upto INTEGER NOT NULL DEFAULT 0,
    roll TEXT NOT NULL
);
CREATE INDEX vote_rolls_meeting ON vote_rolls(meeting_id, taken_at);
ALTER TABLE members ADD COLUMN details TEXT NOT NULL DEFAULT '{}';
