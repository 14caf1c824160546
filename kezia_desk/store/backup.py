"""A consistent copy of the till's database while it runs: SQLite's online backup API, on a connection of its
own (a reader: the till keeps selling meanwhile, WAL readers never block the writer), then a quick check of
the copy. Written under a temporary name and renamed, so a half-written copy never looks like a backup.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from .database import DATABASE_FILENAME, StoreError, describe_os_error, describe_sqlite_error


def copy_database(data_dir: Path, target: Path) -> Path:
    """Copy `<data_dir>/kezia-desk.db` to `target` (a file path); raises StoreError (French) on failure."""
    source_path = Path(data_dir) / DATABASE_FILENAME
    if not source_path.is_file():
        raise StoreError(f"Aucune base de données de la caisse dans {data_dir} : rien à sauvegarder.")
    temporary = target.with_name(target.name + ".tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.unlink(missing_ok=True)
        source = sqlite3.connect(f"{source_path.resolve().as_uri()}?mode=ro", uri=True, timeout=10.0)
        try:
            copy = sqlite3.connect(temporary)
            try:
                source.backup(copy)  # one step: a snapshot of one moment, whatever the till writes meanwhile
                copy.execute("PRAGMA journal_mode = DELETE")  # a single self-contained file
                check = copy.execute("PRAGMA quick_check").fetchone()[0]
                if check != "ok":
                    raise sqlite3.DatabaseError(check)
            finally:
                copy.close()
        finally:
            source.close()
        os.replace(temporary, target)
    except (sqlite3.Error, OSError) as exc:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise StoreError(f"La sauvegarde n'a pas pu être écrite dans {target.parent} "
                             f": {describe_os_error(exc, with_path=False)}.") from exc
        raise StoreError(describe_sqlite_error(exc, source_path)) from exc
    return target
