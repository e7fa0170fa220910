-- secret ballot without a rewrite per entry: the count's ballots fill places laid out in key order in advance (ballot_places); ballots and entry_tokens become views
-- A round's places are made empty, all at once, under random keys, and written in key order
-- (store.shelving, because a place inserted or deleted is a change of layout); a ballot then fills
-- a place chosen at random, in place: the same number of bytes (marks and write-ins are padded
-- with spaces to the place's room, the token to 64), so no cell moves and no page is allocated.
-- What the file shows of a place does not depend on when it was filled.  Any other change (a
-- place inserted, deleted, resized or moved to another round) is noted for the key-order rewrite.
-- The small columns come first, so finding an empty place or a token never reads overflow pages;
-- no index (a scan of the leaf pages is cheaper than a lookup per row at a meeting's sizes).
CREATE TABLE ballot_places (
    id TEXT PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    filled INTEGER NOT NULL DEFAULT 0 CHECK (filled IN (0, 1)),
    illegible INTEGER NOT NULL DEFAULT 0 CHECK (illegible IN (0, 1)),
    token TEXT NOT NULL CHECK (length(CAST(token AS BLOB)) = 64),
    marks_room INTEGER NOT NULL,
    write_ins_room INTEGER NOT NULL,
    marks TEXT NOT NULL CHECK (length(CAST(marks AS BLOB)) = marks_room),
    write_ins TEXT NOT NULL CHECK (length(CAST(write_ins AS BLOB)) = write_ins_room)
) WITHOUT ROWID;
INSERT INTO ballot_places (id, round_id, filled, illegible, token, marks_room, write_ins_room, marks, write_ins)
SELECT b.id, b.round_id, 1, b.illegible,
       printf('%-64s', COALESCE((SELECT t.token FROM entry_tokens t WHERE t.ballot_id = b.id LIMIT 1), '')),
       length(CAST(b.marks AS BLOB)), length(CAST(b.write_ins AS BLOB)), b.marks, b.write_ins
FROM ballots b ORDER BY b.id;
DELETE FROM entry_tokens WHERE ballot_id IN (SELECT id FROM ballot_places);
DROP TABLE ballots;
-- what is left of entry_tokens are the tokens of double-entry readings (pile_ballots)
CREATE TABLE pile_tokens (
    token TEXT PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    ballot_id TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO pile_tokens SELECT token, round_id, ballot_id FROM entry_tokens ORDER BY token;
DROP TABLE entry_tokens;
DELETE FROM shelve_pending WHERE name IN ('ballots', 'entry_tokens');
CREATE VIEW ballots AS
SELECT id, round_id, rtrim(marks) AS marks, rtrim(write_ins) AS write_ins, illegible
FROM ballot_places WHERE filled = 1;
CREATE VIEW entry_tokens AS
SELECT rtrim(token) AS token, round_id, id AS ballot_id FROM ballot_places WHERE filled = 1 AND rtrim(token) <> ''
UNION ALL SELECT token, round_id, ballot_id FROM pile_tokens;
CREATE TRIGGER ballots_insert INSTEAD OF INSERT ON ballots
BEGIN INSERT INTO ballot_places (id, round_id, filled, illegible, token, marks_room, write_ins_room, marks, write_ins)
      VALUES (new.id, new.round_id, 1, new.illegible, printf('%64s', ''), length(CAST(new.marks AS BLOB)),
              length(CAST(new.write_ins AS BLOB)), new.marks, new.write_ins); END;
CREATE TRIGGER ballots_delete INSTEAD OF DELETE ON ballots
BEGIN DELETE FROM ballot_places WHERE id = old.id; END;
CREATE TRIGGER shelve_ballot_places_insert AFTER INSERT ON ballot_places
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('ballot_places'); END;
CREATE TRIGGER shelve_ballot_places_delete AFTER DELETE ON ballot_places
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('ballot_places'); END;
-- (the CHECKs keep every field at its room, so only a new room or key changes the layout)
CREATE TRIGGER shelve_ballot_places_update AFTER UPDATE ON ballot_places
WHEN new.id IS NOT old.id OR new.round_id IS NOT old.round_id
  OR new.marks_room IS NOT old.marks_room OR new.write_ins_room IS NOT old.write_ins_room
  OR typeof(new.marks) <> typeof(old.marks) OR typeof(new.write_ins) <> typeof(old.write_ins)
  OR typeof(new.token) <> typeof(old.token)
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('ballot_places'); END;
CREATE TRIGGER shelve_pile_tokens_insert AFTER INSERT ON pile_tokens
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('pile_tokens'); END;
CREATE TRIGGER shelve_pile_tokens_update AFTER UPDATE ON pile_tokens
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('pile_tokens'); END;
CREATE TRIGGER shelve_pile_tokens_delete AFTER DELETE ON pile_tokens
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('pile_tokens'); END;
