"""Opening the till's single SQLite file: WAL mode, ordered migrations, French errors.

One file holds everything (sellers, articles, the sales journal, web orders, the outbox) so that a sale and the
HubRise update it causes are written in one transaction.
"""
from __future__ import annotations

import errno
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from .migrations import apply_migrations

log = logging.getLogger(__name__)
DATABASE_FILENAME = "kezia-desk.db"


class StoreError(RuntimeError):
    """The database cannot be used; `message_fr` is the sentence shown to the user."""

    def __init__(self, message_fr: str) -> None:
        super().__init__(message_fr)
        self.message_fr = message_fr


class StoreUnavailableError(StoreError):
    """The database file is corrupt, read-only or otherwise unusable at start."""


class StorageTroubleError(StoreError):
    """A write refused because of the disk or another program (full, read-only, locked): nothing was written,
    the same action works again once the cause is gone."""


_TROUBLE_WORDS = ("full", "locked", "busy", "readonly", "read-only", "disk i/o", "unable to open")


def open_database(data_dir: Path, *, full_check: bool = True) -> sqlite_utils.Database:
    """Open (creating if needed) the database in `data_dir` and bring its schema up to date.

    `full_check=False` (the till's start) reads only the schema at once, so start-up does not grow with years of
    orders; the whole-file check then runs in the background (`check_integrity`)."""
    path = Path(data_dir) / DATABASE_FILENAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=5.0)
        conn.execute("PRAGMA foreign_keys = ON")
        # No sqlite-utils plugins: a till runs no code found in whatever happens to be installed beside it (and
        # scanning every installed package's entry points for them cost ≈ 20 ms of each start-up).
        db = sqlite_utils.Database(conn, execute_plugins=False)
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            log.warning("journal_mode WAL refusé (%s)", mode)
        conn.execute("PRAGMA synchronous = NORMAL")
        if full_check:
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise sqlite3.DatabaseError(check)
        else:
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # a file that is no database fails here
        apply_migrations(db)
        # A read-only file opens fine and fails at the first write: find out now, not at the first sale.
        with transaction(db):
            conn.execute("CREATE TABLE IF NOT EXISTS _write_probe (x INTEGER)")
            conn.execute("DROP TABLE _write_probe")
        return db
    except StoreError:
        raise
    except (sqlite3.DatabaseError, OSError) as exc:
        raise StoreUnavailableError(describe_sqlite_error(exc, path)) from exc


class DatabaseMissingError(StoreError):
    """No database where one was expected (verify-journal never creates one)."""


def open_database_readonly(data_dir: Path) -> sqlite_utils.Database:
    """Open an existing database for reading only: no migration, no WAL switch, no file created.

    For `kezia-desk verify-journal`, which must be able to check a copy on read-only media and must never turn
    a wrong folder into a new, empty and therefore « intact » journal.
    """
    path = Path(data_dir) / DATABASE_FILENAME
    if not path.is_file():
        raise DatabaseMissingError(f"Aucune base de données de la caisse dans {Path(data_dir)} : rien à vérifier "
                                   "(vérifiez --data-dir).")
    # No -wal file: the till is closed and everything is in the main file, which can then be read as immutable
    # (SQLite creates no -shm/-wal beside it). With a -wal (till running, or stopped abruptly) its pages count:
    # read-only mode, which reads them without writing the database.
    immutable = "&immutable=1" if not path.with_name(path.name + "-wal").exists() else ""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro{immutable}", uri=True, isolation_level=None,
                               check_same_thread=False, timeout=5.0)
        conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        return sqlite_utils.Database(conn, execute_plugins=False)
    except sqlite3.DatabaseError as exc:
        raise StoreUnavailableError(describe_sqlite_error(exc, path)) from exc


def is_storage_trouble(exc: BaseException) -> bool:
    """True when SQLite refused because of the disk or another program (full, read-only, locked, I/O), not
    because of the data: the work must wait and be retried, never be set aside."""
    return isinstance(exc, StorageTroubleError) or (
        isinstance(exc, sqlite3.OperationalError) and any(word in str(exc).lower() for word in _TROUBLE_WORDS))


def database_path(db: sqlite_utils.Database) -> Path:
    try:
        return Path(db.conn.execute("PRAGMA database_list").fetchone()[2] or DATABASE_FILENAME)
    except sqlite3.Error:
        return Path(DATABASE_FILENAME)


@contextmanager
def store_errors(db: sqlite_utils.Database) -> Iterator[None]:
    """Turn sqlite3 errors into StoreError with a French message (services catch no sqlite3 themselves)."""
    try:
        yield
    except sqlite3.Error as exc:
        error = StorageTroubleError if is_storage_trouble(exc) else StoreError
        raise error(describe_sqlite_error(exc, database_path(db))) from exc


def check_integrity(data_dir: Path) -> str | None:
    """The whole-file check (PRAGMA quick_check) on a connection of its own, for a worker thread (SQLite lets
    other threads run meanwhile); returns the French problem, or None when the file is sound."""
    path = Path(data_dir) / DATABASE_FILENAME
    try:
        conn = sqlite3.connect(str(path), timeout=5.0)
        try:
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            conn.close()
        if check != "ok":
            raise sqlite3.DatabaseError(check)
    except sqlite3.DatabaseError as exc:
        return describe_sqlite_error(exc, path)
    return None


def close_database(db: sqlite_utils.Database) -> None:
    """Close the file, first letting SQLite refresh the statistics its query planner uses (cheap when nothing
    changed), so the lists' indexes keep being chosen as the orders pile up."""
    try:
        db.conn.execute("PRAGMA optimize")
    except sqlite3.Error:
        log.exception("PRAGMA optimize")
    db.conn.close()


def describe_os_error(exc: OSError, *, with_path: bool = True) -> str:
    """What the system said about a file or folder, as French words (never « [Errno 30] Read-only file system »);
    the path it names, if any, follows (unless the caller's sentence names the path already)."""
    where = f" ({exc.filename})" if exc.filename and with_path else ""
    reasons = {errno.EROFS: "le disque est en lecture seule", errno.EACCES: "accès refusé",
               errno.EPERM: "opération non permise", errno.ENOSPC: "le disque est plein",
               errno.ENOENT: "introuvable", errno.ENOTDIR: "un fichier est à la place d'un dossier",
               errno.EEXIST: "un fichier du même nom existe déjà",
               errno.EISDIR: "un dossier est à la place d'un fichier",
               errno.EIO: "erreur de lecture ou d'écriture du disque"}
    return reasons.get(exc.errno or 0, "erreur du système de fichiers") + where


def describe_sqlite_error(exc: BaseException, path: Path) -> str:
    if isinstance(exc, OSError):  # creating the data folder: a read-only disk, no rights
        return (f"Le dossier de données {path.parent} est inutilisable : {describe_os_error(exc)}. "
                "Choisissez un dossier où la caisse peut écrire (--data-dir) ou corrigez ses droits.")
    text = str(exc).lower()
    if "full" in text:
        return (f"Le disque de la base de données {path} est plein : rien n'a été enregistré. "
                "Libérez de la place ; la caisse reprend d'elle-même.")
    if "disk i/o" in text:
        return (f"Erreur de lecture ou d'écriture du disque pour {path} : rien n'a été enregistré. "
                "Vérifiez le disque ; la caisse réessaie d'elle-même.")
    if "readonly" in text or "read-only" in text or isinstance(exc, PermissionError):
        return (f"La base de données {path} est en lecture seule : la caisse ne peut pas enregistrer. "
                "Vérifiez les droits du dossier de données.")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return (f"La base de données {path} est endommagée. Rien n'a été modifié ; "
                "restaurez une sauvegarde ou contactez le support.")
    if "unable to open" in text:
        return (f"La base de données {path} ne peut pas être ouverte : son dossier est en lecture seule, "
                "inaccessible, ou un dossier porte son nom. Vérifiez le dossier de données et ses droits.")
    if "locked" in text or "busy" in text:
        return "La base de données est occupée par un autre programme. Réessayez dans un instant."
    return f"Impossible d'utiliser la base de données {path} : {exc}"


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any exception. Nested calls join the outer transaction.

    A COMMIT refused (disk full) is rolled back too: a transaction left open would swallow every later write.
    Disk or lock trouble comes out as StorageTroubleError with a French sentence."""
    conn = db.conn
    if conn.in_transaction:
        yield conn
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    log.exception("annulation de la transaction")
            raise
    except sqlite3.OperationalError as exc:
        if not is_storage_trouble(exc):
            raise
        raise StorageTroubleError(describe_sqlite_error(exc, database_path(db))) from exc
