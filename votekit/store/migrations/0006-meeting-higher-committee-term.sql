-- meeting: the higher committee (主送机关) and the term for the 换届 paperwork
ALTER TABLE meetings ADD COLUMN higher_committee TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN term_elected_on TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN term_expires_on TEXT NOT NULL DEFAULT '';
