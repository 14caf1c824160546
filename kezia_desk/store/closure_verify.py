"""`verify-journal`, closures part: each closure equals its signed record, its figures equal its tickets, and the
perpetual totals follow from one closure to the next. Read-only; the first failing closure is named with the
figures that differ (« clôture n° 3 (Z du 05/12/2026) : grand total de la période … »).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import sqlite_utils

from ..domain.closure import (
    TILL_CHANNEL,
    ClosureFigures,
    ClosureKind,
    check_figures,
    combine_figures,
    compute_figures,
)
from ..domain.fiscal import Chain, canonical_json
from ..domain.ticket import ClosedTicket
from .closures import CLOSURE_RECORD_KINDS, ClosureStore, StoredClosure, closure_content


def closure_name(closure: StoredClosure | dict) -> str:
    number, kind, period = ((closure.number, closure.kind, closure.period) if isinstance(closure, StoredClosure)
                            else (closure["number"], ClosureKind(closure["kind"]), closure["period"]))
    if kind is ClosureKind.DAY:
        return f"clôture n° {number} (Z du {date.fromisoformat(period):%d/%m/%Y})"
    return f"clôture n° {number} ({kind.label.lower()} {period})"


def verify_closures(db: sqlite_utils.Database) -> tuple[int, str | None]:
    """(closures checked, the first problem in French or None)."""
    if not db["closures"].exists():
        return 0, None
    store = ClosureStore(db)
    signed = {}
    if db["fiscal_records"].exists():
        kinds = tuple(CLOSURE_RECORD_KINDS.values())
        signed = {ref: payload for ref, payload in db.execute(
            f"SELECT ref, payload FROM fiscal_records WHERE chain = ? AND kind IN ({','.join('?' * len(kinds))})",
            [Chain.CLOSURES.value, *kinds])}
    rows = list(store.rows())
    for row in rows:
        payload = signed.get(str(row["number"]))
        if signed or payload is not None:
            if payload is None:
                return 0, f"{closure_name(row)} : aucun enregistrement signé (ajoutée hors de la caisse)"
            if canonical_json(closure_content(row)) != payload:
                return 0, f"{closure_name(row)} : modifiée après signature"
    closures = [store.get(row["number"]) for row in rows]
    days = [c for c in closures if c is not None and c.kind is ClosureKind.DAY]
    previous: StoredClosure | None = None
    for day in days:
        tickets = store.tickets_after(previous.last_ticket if previous else 0, day.last_ticket)
        deposits = store.deposits_after(previous.last_deposit if previous else 0, day.last_deposit)
        channels = store.channels({t.web_order_id for t in tickets if t.web_order_id})
        recomputed = compute_figures(datetime.fromisoformat(day.figures.start),
                                     datetime.fromisoformat(day.figures.end), tickets, deposits,
                                     previous=previous.figures if previous else None,
                                     channel_of=_channel_of(channels))
        differ = check_figures(day.figures, recomputed)
        if differ:
            return 0, f"{closure_name(day)} : {', '.join(differ)} ne correspond(ent) pas à ses tickets"
        previous = day
    for closure in closures:
        if closure is None or closure.kind is ClosureKind.DAY:
            continue
        members = [d for d in days if d.number < closure.number and _within(d, closure.figures)]
        recomputed = combine_figures(datetime.fromisoformat(closure.figures.start),
                                     datetime.fromisoformat(closure.figures.end), [d.figures for d in members])
        differ = check_figures(closure.figures, recomputed)
        if differ:
            return 0, f"{closure_name(closure)} : {', '.join(differ)} ne correspond(ent) pas à ses clôtures Z"
    return len(rows), None


def _channel_of(channels: dict[str, str]) -> Callable[[ClosedTicket], str]:
    return lambda ticket: channels.get(ticket.web_order_id or "", TILL_CHANNEL)


def _within(day: StoredClosure, period: ClosureFigures) -> bool:
    moment = datetime.fromisoformat
    return moment(period.start) <= moment(day.figures.start) and moment(day.figures.end) <= moment(period.end)
