"""The store's records and vocabulary enums, as the shells see them (they do not import the store)."""
from ..store.records import (DoubleEntry, Election, Meeting, Post, Round, RoundState, RoundStatus,  # noqa: F401
                             RoundType, round_title)
from ..store.rounds import RoundContext  # noqa: F401
