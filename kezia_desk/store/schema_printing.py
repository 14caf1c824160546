"""Schema of printing (migrations 950–999): the print queue.

Like the HubRise outbox, a print job is written before anything is sent and survives restarts. `state` says where
it is: pending → printing (committed just before the bytes go) → done. A job found « printing » at start was
interrupted between printing and recording: the till cannot know whether the paper came out, so it never sends it
again silently (services/printing.py). `once_key` makes a kitchen ticket printed once per order, whichever of
arrival, acceptance or a second tap asks for it.
"""
from __future__ import annotations

import sqlite_utils

from .migrations import Migration


def _create_print_jobs(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE print_jobs (
            id INTEGER PRIMARY KEY,
            target TEXT NOT NULL,
            kind TEXT NOT NULL,
            source TEXT,
            once_key TEXT UNIQUE,
            document TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending',
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            next_attempt_at REAL NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            done_at TEXT
        )""")
    db.execute("CREATE INDEX print_jobs_waiting ON print_jobs (state, next_attempt_at)")


MIGRATIONS = [Migration(950, "impression : file des impressions", _create_print_jobs)]
