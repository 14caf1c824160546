"""The accountant's CSV of the closures: `;` separator, decimal commas, UTF-8 with BOM (what French Excel opens
as is), one row per closure and figure. The same file from the screen (Exporter CSV) and from the command line
(`kezia-desk closures --out FILE`), the export being an event of the JET (110)."""
from __future__ import annotations

import csv
import io
import logging
import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from ..domain.closure import VatTotals
from ..domain.ticket import PaymentMethod
from ..store.closures import ClosureStore, StoredClosure
from ..store.database import DATABASE_FILENAME, StoreError, open_database, open_database_readonly

log = logging.getLogger(__name__)
HEADER = ["numero", "type", "periode", "debut", "fin", "faite_le", "par", "rubrique", "cle", "ht", "tva", "ttc",
          "montant", "nombre"]


def euros(cents: int | None) -> str:
    """1234 → « 12,34 » (decimal comma, no thousands separator: spreadsheets read it as a number)."""
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100},{abs(cents) % 100:02d}"


def method_label(value: str) -> str:
    try:
        return PaymentMethod(value).label
    except ValueError:
        return value


def closure_rows(closure: StoredClosure) -> Iterable[list[str]]:
    f = closure.figures
    head = [str(closure.number), closure.kind.label, closure.period, f.start, f.end, closure.made_at.isoformat(),
            closure.seller_name]

    def row(section: str, key: str = "", amount: int | None = None, count: int | None = None,
            vat: VatTotals | None = None) -> list[str]:
        parts = [euros(vat.ht), euros(vat.vat), euros(vat.ttc)] if vat else ["", "", ""]
        return [*head, section, key, *parts, euros(amount), "" if count is None else str(count)]

    yield row("tickets", "ventes et avoirs", count=f.ticket_count)
    yield row("tickets", f"premier {f.first_ticket or '-'}, dernier {f.last_ticket or '-'}")
    yield row("annulés", amount=f.cancelled_cents, count=f.cancelled_count)
    yield row("avoirs", amount=f.refund_cents, count=f.refund_count)
    for rate, totals in f.by_vat.items():
        yield row("TVA", rate.replace(".", ",") + " %", vat=totals)
    for method, cents in f.by_payment.items():
        yield row("règlement", method_label(method), cents)
    for seller, cents in f.by_seller.items():
        yield row("vendeur", seller, cents)
    for channel, cents in f.by_channel.items():
        yield row("canal", channel, cents)
    yield row("remises", amount=f.discount_cents)
    for method, cents in f.deposits_taken.items():
        yield row("acomptes reçus", method_label(method), cents)
    yield row("acomptes déduits", amount=f.deposits_used_cents)
    yield row("grand total de la période", amount=f.grand_total)
    yield row("total perpétuel", amount=f.perpetual_total)
    yield row("total perpétuel en valeur absolue", amount=f.perpetual_absolute)
    if closure.expected_cash_cents is not None:
        yield row("caisse", "fond de caisse", closure.float_cents)
        yield row("caisse", "espèces attendues", closure.expected_cash_cents)
        yield row("caisse", "espèces comptées", closure.counted_cash_cents)
        yield row("caisse", "écart", closure.difference_cents)


def closures_csv(closures: list[StoredClosure]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for closure in closures:
        writer.writerows(closure_rows(closure))
    return buffer.getvalue()


def write_closures_csv(closures: list[StoredClosure], path: Path) -> int:
    """Write the file (UTF-8 with BOM); the number of closures written."""
    Path(path).write_text(closures_csv(closures), encoding="utf-8-sig", newline="")
    return len(closures)


def default_file_name(today: date) -> str:
    return f"clotures-{today:%Y-%m-%d}.csv"


def export_closures_at(data_dir: Path, out: Path) -> int:
    """For `kezia-desk closures --out FILE`: every closure of the shop's database, opened READ-ONLY."""
    db = open_database_readonly(data_dir)
    try:
        closures = ClosureStore(db).closures() if db["closures"].exists() else []
    finally:
        db.conn.close()
    return write_closures_csv(closures, out)


def record_export_at(data_dir: Path, file_name: str, count: int, use_keyring: bool = True) -> str | None:
    """The CLI export's JET 110, through a short read-write connection opened after the file is written. None
    once recorded; otherwise why not, in French (read-only database, the till's signing key not on this machine,
    database refusing): the export itself stands, the caller says the event is missing.

    Never creates a signing key: a copy of the database on another machine would otherwise get a new key
    announced in its journal just for an export."""
    from ..domain.fiscal import Jet
    from ..store.fiscal_records import FiscalRecords
    from ..store.signing_key import open_key_store
    from .fiscal import EventLog

    path = Path(data_dir) / DATABASE_FILENAME
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        return "la base de données est en lecture seule"
    key_store = open_key_store(data_dir, use_keyring)
    try:
        key = key_store.load()
    except Exception:  # noqa: BLE001 - a keyring back-end may raise anything: the export stands, said
        key = None
    if key is None:
        return "la clé de signature de la caisse n'est pas sur cette machine"
    refused = "la base de données a refusé l'écriture (occupée, disque plein ou droits)"
    try:
        db = open_database(data_dir, full_check=False)
    except StoreError as exc:
        log.warning("JET 110 de l'export non enregistré : %s", exc.message_fr)
        return refused
    try:
        EventLog(db, FiscalRecords(db, key_store)).record(Jet.EXPORT, "ligne de commande",
                                                          f"clôtures en CSV ({count}) : {file_name}")
    except StoreError as exc:
        log.warning("JET 110 de l'export non enregistré : %s", exc.message_fr)
        return refused
    finally:
        db.conn.close()
    return None
