"""Ordered schema migrations, applied once each at start and recorded in `schema_version`.

Each feature keeps its migrations in its own module with its own version range, so that parallel work on the
till (1–99), web orders (100–199), connection/customers (200–299), invoicing and journal (300–399), reliability
(400–499), the lists' read model (500–599), HubRise fidelity (600–699), the signed fiscal records (900–949)
and printing (950–999) never collides. A module of the list that does not exist yet is skipped.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlite_utils

FEATURE_MODULES = ("schema_till", "schema_orders", "schema_connection", "schema_invoicing", "schema_reliability",
                   "schema_read_model", "schema_fidelity", "schema_closures", "schema_fiscal", "schema_printing")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[sqlite_utils.Database], None]


def all_migrations() -> list[Migration]:
    found: list[Migration] = []
    for module_name in FEATURE_MODULES:
        try:
            module = importlib.import_module(f"{__package__}.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__package__}.{module_name}":
                raise
            continue
        found.extend(module.MIGRATIONS)
    versions = [m.version for m in found]
    if len(versions) != len(set(versions)):
        raise RuntimeError(f"numéros de migration en double : {sorted(versions)}")
    return sorted(found, key=lambda m: m.version)


def apply_migrations(db: sqlite_utils.Database) -> list[int]:
    """Apply every migration not yet recorded, each in its own transaction; return the versions applied."""
    conn = db.conn
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                 " applied_at TEXT NOT NULL)")
    done = {row[0] for row in conn.execute("SELECT version FROM schema_version")}
    applied = []
    for migration in all_migrations():
        if migration.version in done:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            migration.apply(db)
            conn.execute("INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                         (migration.version, migration.name, datetime.now(UTC).isoformat()))
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        applied.append(migration.version)
    return applied
