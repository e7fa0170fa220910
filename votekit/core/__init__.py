"""The counting core: pure rules of a branch election (stdlib only, no I/O, no clock)."""
