"""A Lecture X or a closure as HTML for a QTextBrowser: the figures a manager and an accountant read."""
from __future__ import annotations

from datetime import datetime
from html import escape

from ...domain.closure import ClosureFigures
from ...domain.money import Money
from ...domain.shop_time import SHOP_TIMEZONE
from ...domain.text import plural
from ...domain.ticket import PaymentMethod


def money(cents: int | None) -> str:
    return "—" if cents is None else Money.from_cents(cents).format_fr()


def moment(text: str) -> str:
    return datetime.fromisoformat(text).astimezone(SHOP_TIMEZONE).strftime("%d/%m/%Y %H:%M")


def _method(value: str) -> str:
    try:
        return PaymentMethod(value).label
    except ValueError:
        return value


def _rows(pairs: list[tuple[str, str]]) -> str:
    return "".join(f"<tr><td>{escape(k)}</td><td align='right'>{v}</td></tr>" for k, v in pairs)


def figures_html(title: str, figures: ClosureFigures, cash: list[tuple[str, str]] | None = None) -> str:
    f = figures
    parts = [f"<h2>{escape(title)}</h2>",
             f"<p>Du {moment(f.start)} au {moment(f.end)} — tickets n° {f.first_ticket or '—'} à "
             f"{f.last_ticket or '—'} ({plural(f.ticket_count, 'ticket', 'tickets')} : "
             f"{plural(f.sales_count, 'vente', 'ventes')}, {plural(f.refund_count, 'avoir', 'avoirs')})</p>",
             "<table width='100%' cellspacing='2'><tr style='background:#e3e8ee'><th align='left'>TVA</th>"
             "<th align='right'>HT</th><th align='right'>TVA</th><th align='right'>TTC</th></tr>"]
    for rate, totals in f.by_vat.items():
        parts.append(f"<tr><td>{rate.replace('.', ',')} %</td><td align='right'>{money(totals.ht)}</td>"
                     f"<td align='right'>{money(totals.vat)}</td><td align='right'>{money(totals.ttc)}</td></tr>")
    parts.append(f"<tr style='background:#e3e8ee'><td><b>Total</b></td>"
                 f"<td align='right'><b>{money(sum(t.ht for t in f.by_vat.values()))}</b></td>"
                 f"<td align='right'><b>{money(sum(t.vat for t in f.by_vat.values()))}</b></td>"
                 f"<td align='right'><b>{money(f.grand_total)}</b></td></tr></table>")
    parts.append("<h3>Règlements</h3><table width='100%'>"
                 + _rows([(_method(m), money(c)) for m, c in f.by_payment.items()] or [("Aucun", "")]) + "</table>")
    parts.append("<h3>Par vendeur</h3><table width='100%'>"
                 + _rows([(s, money(c)) for s, c in f.by_seller.items()] or [("Aucun", "")]) + "</table>")
    parts.append("<h3>Par canal</h3><table width='100%'>"
                 + _rows([(c, money(v)) for c, v in f.by_channel.items()] or [("Aucun", "")]) + "</table>")
    parts.append("<h3>Corrections et acomptes</h3><table width='100%'>" + _rows([
        ("Tickets annulés", f"{f.cancelled_count} — {money(f.cancelled_cents)}"),
        ("Avoirs (remboursements)", f"{f.refund_count} — {money(f.refund_cents)}"),
        ("Remises accordées", money(f.discount_cents)),
        ("Acomptes reçus", money(f.deposits_taken_cents)),
        ("Acomptes déduits des factures", money(f.deposits_used_cents)),
    ]) + "</table>")
    if cash:
        parts.append("<h3>Caisse</h3><table width='100%'>" + _rows(cash) + "</table>")
    parts.append("<h3>Totaux</h3><table width='100%'>" + _rows([
        ("Grand total de la période", f"<b>{money(f.grand_total)}</b>"),
        ("Total perpétuel", money(f.perpetual_total)),
        ("Total perpétuel en valeur absolue", money(f.perpetual_absolute)),
    ]) + "</table>")
    return "\n".join(parts)
