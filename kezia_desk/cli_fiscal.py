"""The fiscal commands of `kezia-desk`: archive, verify-archive, backup (verify-journal is in __main__).

Each failure is one French sentence on stderr and an exit code: 1 for an archive that does not verify, 2 for
unusable input (no database, bad period, period not closed, file not writable).
"""
from __future__ import annotations

import sys
from pathlib import Path

from .domain.shop_time import shop_now
from .domain.text import plural
from .store.database import DATABASE_FILENAME, StoreError

USAGE_ERROR = 2


def run_archive(period: str, out: Path, data_dir: Path) -> int:
    from .services.archives import ArchiveError, ArchiveService
    from .services.closures import ClosureService
    from .services.settings import SettingsService
    from .services.till import TillService
    from .store.database import open_database
    from .store.fiscal_records import FiscalRecords
    from .store.signing_key import open_key_store

    if not (Path(data_dir) / DATABASE_FILENAME).is_file():  # never create an empty « shop » to archive
        print(f"Aucune base de données de la caisse dans {data_dir} : rien à archiver (vérifiez --data-dir).",
              file=sys.stderr)
        return USAGE_ERROR
    try:
        db = open_database(data_dir)
    except StoreError as exc:
        print(exc.message_fr, file=sys.stderr)
        return USAGE_ERROR
    try:
        till = TillService(db, records=FiscalRecords(db, open_key_store(data_dir)))
        closures = ClosureService(db, SettingsService(db), till)
        manifest = ArchiveService(db, till, period_closed=closures.period_closed).archive(period, out,
                                                                                          by="ligne de commande")
    except (ArchiveError, StoreError) as exc:
        print(getattr(exc, "message_fr", None) or str(exc), file=sys.stderr)
        return USAGE_ERROR
    finally:
        db.conn.close()
    records = sum(manifest["enregistrements"].values())
    print(f"Archive {manifest['periode']} écrite dans {out} : {plural(manifest['tickets'], 'ticket', 'tickets')}, "
          f"{plural(records, 'enregistrement signé', 'enregistrements signés')}.")
    return 0


def run_verify_archive(path: Path) -> int:
    from .services.archives import verify_archive

    if not Path(path).is_file():
        print(f"Aucun fichier {path} : rien à vérifier.", file=sys.stderr)
        return USAGE_ERROR
    check = verify_archive(path)
    if check.ok:
        print(check.message)
        return 0
    print(f"Archive ALTÉRÉE : {check.message}")
    return 1


def run_backup(out: Path, data_dir: Path) -> int:
    from .services.backups import make_backup

    try:
        target = make_backup(data_dir, out, shop_now())
    except StoreError as exc:
        print(exc.message_fr, file=sys.stderr)
        return USAGE_ERROR
    record_backup(data_dir, target)
    print(f"Sauvegarde écrite : {target}")
    return 0


def record_backup(data_dir: Path, target: Path) -> None:
    """A backup from the command line is an event of the JET (560), as the till's daily one: written after the
    copy (the copy never holds its own event), and a journal that cannot be written never undoes the backup."""
    from .domain.fiscal import Jet
    from .services.till import TillService
    from .store.database import open_database
    from .store.fiscal_records import FiscalRecords
    from .store.signing_key import open_key_store

    try:
        db = open_database(data_dir)
    except StoreError:
        return
    try:
        till = TillService(db, records=FiscalRecords(db, open_key_store(data_dir)))
        till.events.record_quietly(Jet.BACKUP, "ligne de commande", f"sauvegarde {target}")
    finally:
        db.conn.close()
