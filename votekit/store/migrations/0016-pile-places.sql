-- double entry without a rewrite per reading: 甲/乙 readings fill places laid out in advance (pile_places); pile_ballots and pile_tokens become views
-- The count's design (0013) for the two piles of a double entry: a round's places for pile A and
-- for pile B are made empty, under random keys, and written in key order (store.shelving: a place
-- inserted or deleted changes the layout); a teller's reading then fills a place of its pile drawn
-- at random, in place (marks and write-ins padded with spaces to the place's room, the entry token
-- to 64), so no cell moves and no page is allocated.  A reading taken out (voided, or dropped when
-- a 监票人 settles a difference) is blanked in place and keeps its token, so a late repeat of its
-- submission is still recognised; such a place is not filled again.  Only a change of layout (a
-- place made, removed, resized, moved to another round or pile) is noted for the key-order rewrite.
-- pile '' holds the token of a reading an older kit had already removed (no place of any pile).
CREATE TABLE pile_places (
    id TEXT PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    pile TEXT NOT NULL CHECK (pile IN ('A', 'B', '')),
    filled INTEGER NOT NULL DEFAULT 0 CHECK (filled IN (0, 1)),
    illegible INTEGER NOT NULL DEFAULT 0 CHECK (illegible IN (0, 1)),
    token TEXT NOT NULL CHECK (length(CAST(token AS BLOB)) = 64),
    marks_room INTEGER NOT NULL,
    write_ins_room INTEGER NOT NULL,
    marks TEXT NOT NULL CHECK (length(CAST(marks AS BLOB)) = marks_room),
    write_ins TEXT NOT NULL CHECK (length(CAST(write_ins AS BLOB)) = write_ins_room)
) WITHOUT ROWID;
INSERT INTO pile_places (id, round_id, pile, filled, illegible, token, marks_room, write_ins_room, marks, write_ins)
SELECT b.id, b.round_id, b.pile, 1, CASE WHEN b.illegible THEN 1 ELSE 0 END,
       printf('%-64s', COALESCE((SELECT t.token FROM pile_tokens t WHERE t.ballot_id = b.id LIMIT 1), '')),
       length(CAST(b.marks AS BLOB)), length(CAST(b.write_ins AS BLOB)), b.marks, b.write_ins
FROM pile_ballots b;
INSERT INTO pile_places (id, round_id, pile, filled, illegible, token, marks_room, write_ins_room, marks, write_ins)
SELECT t.ballot_id, t.round_id, '', 0, 0, printf('%-64s', t.token), 0, 0, '', ''
FROM pile_tokens t WHERE t.ballot_id NOT IN (SELECT id FROM pile_places);
DROP VIEW entry_tokens;
DROP TABLE pile_tokens;
DROP TABLE pile_ballots;
DELETE FROM shelve_pending WHERE name IN ('pile_ballots', 'pile_tokens');
INSERT OR IGNORE INTO shelve_pending VALUES ('pile_places');
CREATE VIEW pile_ballots AS
SELECT id, round_id, pile, rtrim(marks) AS marks, rtrim(write_ins) AS write_ins, illegible
FROM pile_places WHERE filled = 1;
CREATE VIEW pile_tokens AS
SELECT rtrim(token) AS token, round_id, id AS ballot_id FROM pile_places WHERE rtrim(token) <> '';
CREATE VIEW entry_tokens AS
SELECT rtrim(token) AS token, round_id, id AS ballot_id FROM ballot_places WHERE filled = 1 AND rtrim(token) <> ''
UNION ALL SELECT token, round_id, ballot_id FROM pile_tokens;
CREATE TRIGGER pile_ballots_insert INSTEAD OF INSERT ON pile_ballots
BEGIN INSERT INTO pile_places (id, round_id, pile, filled, illegible, token, marks_room, write_ins_room, marks, write_ins)
      VALUES (new.id, new.round_id, new.pile, 1, new.illegible, printf('%64s', ''), length(CAST(new.marks AS BLOB)),
              length(CAST(new.write_ins AS BLOB)), new.marks, new.write_ins); END;
CREATE TRIGGER pile_ballots_delete INSTEAD OF DELETE ON pile_ballots
BEGIN DELETE FROM pile_places WHERE id = old.id; END;
CREATE TRIGGER shelve_pile_places_insert AFTER INSERT ON pile_places
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('pile_places'); END;
CREATE TRIGGER shelve_pile_places_delete AFTER DELETE ON pile_places
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('pile_places'); END;
-- (the CHECKs keep every field at its room, so only a new room, key, round or pile changes the layout)
CREATE TRIGGER shelve_pile_places_update AFTER UPDATE ON pile_places
WHEN new.id IS NOT old.id OR new.round_id IS NOT old.round_id OR new.pile IS NOT old.pile
  OR new.marks_room IS NOT old.marks_room OR new.write_ins_room IS NOT old.write_ins_room
  OR typeof(new.marks) <> typeof(old.marks) OR typeof(new.write_ins) <> typeof(old.write_ins)
  OR typeof(new.token) <> typeof(old.token)
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('pile_places'); END;
