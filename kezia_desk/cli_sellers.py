"""`kezia-desk add-seller`: a seller (the first manager of a fresh install) from a script or an installer.

The till asks for its first manager on screen; this command stays for scripts. Every refusal is one French
sentence and writes nothing; a seller added here is an event 130 of the signed technical event log (JET).
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

log = logging.getLogger("kezia_desk")


def run_add_seller(name: str, manager: bool, data_dir: Path) -> int:
    """For scripts and installers (the till asks for its first manager on screen). The PIN is typed twice
    without echo on a terminal, or read from standard input in a script: never an argument, which other users
    of the machine could read. A duplicate name, a bad or missing PIN: one French sentence, nothing written."""
    from .domain.seller import validate_pin
    from .services.sellers import SellerService
    from .store.database import StoreError, open_database

    pin = None
    if manager:
        try:
            pin = validate_pin(read_pin("Code PIN du gérant (4 à 8 chiffres) : "))
            confirmed = read_pin("Retapez le code PIN : ")
        except EOFError:
            print("Aucun code PIN n'a été saisi : rien n'a été enregistré.", file=sys.stderr)
            return 1
        except ValueError as exc:
            print(f"{exc} Rien n'a été enregistré.", file=sys.stderr)
            return 1
        if confirmed != pin:
            print("Les deux codes diffèrent : rien n'a été enregistré.", file=sys.stderr)
            return 1
    try:
        db = open_database(data_dir)
    except StoreError as exc:
        print(exc.message_fr, file=sys.stderr)
        return 2
    try:  # after the database: an unusable folder is said once, by open_database
        from .__main__ import setup_logging

        setup_logging(data_dir)
    except OSError as exc:
        from .store.database import describe_os_error

        print(f"Journal technique indisponible : {describe_os_error(exc)}. Le vendeur est ajouté sans.",
              file=sys.stderr)
    try:
        seller = SellerService(db).create_seller(name, manager, pin)
        record_seller_added(db, data_dir, seller)
    except ValueError as exc:
        log.info("add-seller refusé : %s", exc)
        print(str(exc), file=sys.stderr)
        return 1
    finally:
        db.conn.close()
    print(f"Vendeur « {seller.name} » ajouté" + (" (gérant)." if seller.is_manager else "."))
    return 0


def record_seller_added(db: Any, data_dir: Path, seller: Any) -> None:
    """Sellers and rights changed: a JET event 130, signed with the till's key (created here on a new install)."""
    from .domain.fiscal import Jet
    from .services.till import TillService
    from .store.fiscal_records import FiscalRecords
    from .store.signing_key import open_key_store

    till = TillService(db, records=FiscalRecords(db, open_key_store(data_dir)))
    till.events.record_quietly(Jet.RIGHTS, "ligne de commande",
                               f"vendeur « {seller.name} » ajouté" + (" (gérant)" if seller.is_manager else ""))


def read_pin(prompt: str) -> str:
    """A PIN: on a terminal without echo (getpass); from a script, one line of standard input, without getpass's
    English « GetPassWarning » (a pipe has no echo to hide). EOFError when there is nothing to read."""
    stdin = sys.stdin
    if stdin is not None and stdin.isatty():
        import getpass

        return getpass.getpass(prompt)
    line = stdin.readline() if stdin is not None else ""
    if not line:
        raise EOFError
    return line.rstrip("\r\n")
