-- screens: the secretary's 已核对 of stroke orders the table cannot settle (names as JSON),
-- and the dates the 换届请示 was sent to and approved by the higher Party committee
ALTER TABLE elections ADD COLUMN strokes_checked TEXT NOT NULL DEFAULT '[]';
ALTER TABLE meetings ADD COLUMN term_request_sent_on TEXT;
ALTER TABLE meetings ADD COLUMN term_request_approved_on TEXT;
