-- access: the scrutineers' own PIN, so the meeting PIN cannot open 监票人 actions
ALTER TABLE meetings ADD COLUMN scrutineer_pin_hash TEXT;
