"""The accountant's CSV of the closures: `;` separator, decimal commas, UTF-8 with BOM (what French Excel opens
as is), one row per closure and figure. The same file from the screen (Exporter CSV) and from the command line
(`kezia-desk closures --out FILE`), the export being an event of the JET (110)."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from ..domain.closure import VatTotals
from ..domain.ticket import PaymentMethod
from ..store.closures import ClosureStore, StoredClosure
from ..store.database import open_database_readonly

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
