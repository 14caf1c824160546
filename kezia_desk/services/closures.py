"""Lecture X, Clôture Z, monthly and annual closures, the opening float and the cash counts.

- X reads the open period (every record after the last Z) and changes nothing.
- Z closes a day: every record up to its moment (or, for a forgotten day, up to the end of that day), in one
  transaction, once per day (the database refuses a second Z of a date: double tap, two windows, a restart).
  Forgotten days are closed first, each with its own date; selling is never blocked meanwhile.
- The first Z of a new month (fiscal year) also makes the monthly (annual) closure of the finished one, from its
  daily closures.
- Cash: expected = opening float + cash taken (change deducted) + cash deposits − cash paid back; the count at Z
  is stored with the Z; a typo is corrected by a new count linked to the previous one, never by editing.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.closure import TILL_CHANNEL, ClosureFigures, ClosureKind, combine_figures, compute_figures
from ..domain.fiscal import Jet
from ..domain.seller import Seller
from ..domain.shop_time import SHOP_TIMEZONE, shop_now
from ..domain.ticket import ClosedTicket
from ..store.closures import CashCount, ClosureAlreadyMade, ClosureStore, StoredClosure
from ..store.database import store_errors, transaction
from .closure_export import write_closures_csv
from .listeners import Topic
from .till import TillService

if TYPE_CHECKING:
    import sqlite_utils

__all__ = ["ClosureError", "ClosureService", "Reading", "StoredClosure"]
FLOAT, COUNT = "fond", "comptage"
FISCAL_YEAR_FIRST_MONTH = "fiscal_year_first_month"
MONTH_NAMES = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
               "novembre", "décembre")


class ClosureError(ValueError):
    """A closure the till refuses; the message is French."""


@dataclass(frozen=True)
class Reading:
    """A Lecture X (or what a Z is about to store): the open period's figures and the drawer's expected cash."""

    business_date: date
    figures: ClosureFigures
    float_cents: int | None
    last_ticket: int
    last_deposit: int

    @property
    def expected_cash_cents(self) -> int:
        return (self.float_cents or 0) + self.figures.cash_cents()


def day_key(day: date) -> str:
    return day.isoformat()


def local_day(moment: datetime) -> date:
    return moment.astimezone(SHOP_TIMEZONE).date()


class ClosureService:
    def __init__(self, db: sqlite_utils.Database, settings: Any, till: TillService,
                 clock: Callable[[], datetime] = shop_now) -> None:
        """`till`: its signed chains (each closure and count is a record of the closures chain) and its JET."""
        self.db, self.settings, self.clock = db, settings, clock
        self.store = ClosureStore(db, till.records)
        self.events = till.events
        self.changed: Topic[date] = Topic()  # the business date whose closures or counts changed

    # --- reading -----------------------------------------------------------------------------------------
    def channel_of(self, tickets: list[ClosedTicket]) -> Callable[[ClosedTicket], str]:
        channels = self.store.channels({t.web_order_id for t in tickets if t.web_order_id})
        return lambda t: channels.get(t.web_order_id or "", TILL_CHANNEL)

    def _reading(self, up_to_day: date | None, now: datetime) -> Reading:
        """The records after the last Z, up to the end of `up_to_day` (None: all of them, up to now)."""
        previous = self.store.latest(ClosureKind.DAY)
        after_ticket = previous.last_ticket if previous else 0
        after_deposit = previous.last_deposit if previous else 0
        last_ticket = last_deposit = None
        if up_to_day is not None:
            last_ticket = self.store.last_number_of_day("tickets", after_ticket, day_key(up_to_day))
            last_deposit = self.store.last_number_of_day("deposits", after_deposit, day_key(up_to_day))
        tickets = self.store.tickets_after(after_ticket, last_ticket)
        deposits = self.store.deposits_after(after_deposit, last_deposit)
        day = up_to_day or local_day(now)
        start = datetime.fromisoformat(previous.figures.end) if previous else _first_moment(tickets, deposits, day)
        end = now if up_to_day is None or up_to_day >= local_day(now) else \
            datetime.combine(up_to_day, time(23, 59, 59), SHOP_TIMEZONE)
        figures = compute_figures(start, end, tickets, deposits, previous=previous.figures if previous else None,
                                  channel_of=self.channel_of(tickets))
        return Reading(day, figures, self.float_cents(day),
                       tickets[-1].number if tickets else after_ticket,
                       deposits[-1].number if deposits else after_deposit)

    def reading_x(self) -> Reading:
        """Lecture X: any seller, any time; nothing is written."""
        with store_errors(self.db):
            return self._reading(None, self.clock())

    def pending_days(self) -> list[date]:
        """Days before today whose records no Z covers yet (forgotten Z), oldest first."""
        with store_errors(self.db):
            previous = self.store.latest(ClosureKind.DAY)
            today = local_day(self.clock())
            days = {date.fromisoformat(day) for day in self.store.open_days(
                previous.last_ticket if previous else 0, previous.last_deposit if previous else 0)}
        closed_up_to = date.fromisoformat(previous.period) if previous else date.min
        return sorted(day for day in days if closed_up_to < day < today)

    # --- Z -----------------------------------------------------------------------------------------------
    def close_day(self, seller: Seller, counted_cents: int | None = None, detail: dict[str, int] | None = None,
                  day: date | None = None) -> StoredClosure:
        """Clôture Z of `day` (today by default): forgotten earlier days first, each with its own date; then
        the monthly and annual closures the new day finishes. Refused (ClosureError) if the day has its Z."""
        now = self.clock()
        target = day or local_day(now)
        if target > local_day(now):
            raise ClosureError("Une journée à venir ne se clôture pas.")
        with store_errors(self.db):
            done = self.store.of_period(ClosureKind.DAY, day_key(target))
            if done is not None:
                raise ClosureError(f"La clôture Z du {target:%d/%m/%Y} est déjà faite (n° {done.number}).")
            latest = self.store.latest(ClosureKind.DAY)
            if latest is not None and date.fromisoformat(latest.period) > target:
                raise ClosureError(f"Le {target:%d/%m/%Y} est déjà couvert par la clôture du "
                                   f"{date.fromisoformat(latest.period):%d/%m/%Y}.")
            for forgotten in self.pending_days():
                if forgotten < target:
                    self._close_one(seller, forgotten, None, None, now)
            closure = self._close_one(seller, target, counted_cents, detail or {}, now)
        self.changed.notify(target)
        return closure

    def _close_one(self, seller: Seller, day: date, counted_cents: int | None, detail: dict[str, int] | None,
                   now: datetime) -> StoredClosure:
        try:
            with transaction(self.db):  # the reading and the write in one: a sale cannot slip between them
                self.events.record(Jet.CLOSING_START, seller.name, f"Z du {day:%d/%m/%Y}", at=now)
                reading = self._reading(day, now)
                number = self.store.append(ClosureKind.DAY, day_key(day), now, seller.name, reading.last_ticket,
                                           reading.last_deposit, reading.figures, reading.float_cents,
                                           reading.expected_cash_cents, counted_cents)
                if counted_cents is not None:
                    self.store.add_count(COUNT, day_key(day), now, seller.name, counted_cents, detail or {},
                                         closure_number=number)
                self.events.record(Jet.PERIOD_CLOSING, seller.name, f"Z n° {number} du {day:%d/%m/%Y}", at=now)
                self._close_finished_periods(day, seller, now)
        except ClosureAlreadyMade as exc:
            raise ClosureError(f"La clôture Z du {day:%d/%m/%Y} est déjà faite.") from exc
        closure = self.store.get(number)
        assert closure is not None
        return closure

    def close_finished_periods(self, seller: Seller) -> list[StoredClosure]:
        """« Clôtures mensuelles » on the screen: the monthly (and annual) closures of the finished months whose
        days all have their Z, without waiting for the next month's first Z. ClosureError if nothing is due."""
        now = self.clock()
        today = local_day(now)
        pending = [day for day in self.pending_days() if day_key(day)[:7] < day_key(today)[:7]]
        if pending:
            raise ClosureError("Faites d'abord la clôture Z des journées : "
                               + ", ".join(f"{day:%d/%m/%Y}" for day in pending) + ".")
        with store_errors(self.db):
            before = {c.number for c in self.store.closures()}
            with transaction(self.db):
                self._close_finished_periods(today, seller, now)
            made = [c for c in self.store.closures() if c.number not in before]
        if not made:
            raise ClosureError("Aucun mois terminé à clôturer : les clôtures mensuelles sont à jour.")
        self.changed.notify(today)
        return made

    def _close_finished_periods(self, day: date, seller: Seller, now: datetime) -> None:
        """Monthly closures of the months before `day`'s, annual closures of the fiscal years before its own."""
        days = self.store.closures(ClosureKind.DAY)
        months = sorted({d.period[:7] for d in days if d.period[:7] < day_key(day)[:7]})
        for month in months:
            if self.store.of_period(ClosureKind.MONTH, month) is None:
                self._combine(ClosureKind.MONTH, month, [d for d in days if d.period.startswith(month)], seller, now)
        first = self.fiscal_year_first_month()
        current_year = fiscal_year_of(day, first)
        last_year = self.store.latest(ClosureKind.YEAR)
        if last_year is not None:  # a fiscal year is closed once: after a change of first month, the new
            closed_up_to = local_day(datetime.fromisoformat(last_year.figures.end))  # years start after it
            days = [d for d in days if date.fromisoformat(d.period) > closed_up_to]
        for year in sorted({fiscal_year_of(date.fromisoformat(d.period), first) for d in days}):
            if year < current_year and self.store.of_period(ClosureKind.YEAR, year) is None:
                members = [d for d in days if fiscal_year_of(date.fromisoformat(d.period), first) == year]
                self._combine(ClosureKind.YEAR, year, members, seller, now)

    def _combine(self, kind: ClosureKind, period: str, days: list[StoredClosure], seller: Seller,
                 now: datetime) -> None:
        figures = combine_figures(datetime.fromisoformat(days[0].figures.start),
                                  datetime.fromisoformat(days[-1].figures.end), [d.figures for d in days])
        number = self.store.append(kind, period, now, seller.name, days[-1].last_ticket, days[-1].last_deposit,
                                   figures)
        code = Jet.YEAR_CLOSING if kind is ClosureKind.YEAR else Jet.PERIOD_CLOSING
        self.events.record(code, seller.name, f"{kind.label} n° {number} ({period})", at=now)

    def fiscal_year_first_month(self) -> int:
        value = self.settings.get(FISCAL_YEAR_FIRST_MONTH, 1) if self.settings is not None else 1
        try:
            month = int(value)
        except (TypeError, ValueError):
            return 1
        return month if 1 <= month <= 12 else 1

    def set_fiscal_year_first_month(self, month: int, manager: Seller) -> bool:
        """Paramètres > Exercice fiscal (the caller checked the manager PIN): the setting and its JET 270 in one
        transaction. False when the month is already the setting (nothing recorded). Years already closed stay as
        they are: the next annual closure covers the days after the last one, up to the new year's end."""
        if not 1 <= month <= 12:
            raise ClosureError("Le premier mois de l'exercice est un mois de janvier à décembre.")
        if not manager.is_manager:
            raise ClosureError("Seul un gérant peut changer l'exercice fiscal.")
        before = self.fiscal_year_first_month()
        if month == before:
            return False
        with store_errors(self.db), transaction(self.db):
            self.settings.set(FISCAL_YEAR_FIRST_MONTH, month)
            self.events.record(Jet.FISCAL_SETTINGS, manager.name, "premier mois de l'exercice : "
                               f"{MONTH_NAMES[before - 1]} → {MONTH_NAMES[month - 1]}", at=self.clock())
        return True

    def period_closed(self, period: str) -> str | None:
        """For archives (« 2026-11 » or « 2026 »): None once the period is closed (its monthly closure; for a year,
        its annual closure or its twelve monthly ones), a French refusal otherwise. With no closure at all (a till
        from before closures) every period may be archived."""
        with store_errors(self.db):
            if self.store.latest(ClosureKind.DAY) is None:
                return None
            months = {c.period for c in self.store.closures(ClosureKind.MONTH)}
            if len(period) == 7:
                if period in months:
                    return None
                return (f"La période {period} n'est pas clôturée : sa clôture mensuelle est faite par la première "
                        "clôture Z du mois suivant.")
            if self.store.of_period(ClosureKind.YEAR, period) is not None:
                return None
            missing = [f"{period}-{month:02d}" for month in range(1, 13) if f"{period}-{month:02d}" not in months]
        if not missing:
            return None
        return f"L'année {period} n'est pas clôturée : mois sans clôture mensuelle : {', '.join(missing)}."

    # --- cash --------------------------------------------------------------------------------------------
    def float_cents(self, day: date) -> int | None:
        counts = self.store.counts(FLOAT, day_key(day))
        return counts[-1].cents if counts else None

    def opening_float_missing(self) -> bool:
        """When the till opens: True while today has neither its float nor its Z (the float counted since the
        last Z is the one today's Z will expect in the drawer)."""
        today = day_key(local_day(self.clock()))
        with store_errors(self.db):
            return self.store.of_period(ClosureKind.DAY, today) is None and not self.store.counts(FLOAT, today)

    def set_float(self, seller: Seller, cents: int, detail: dict[str, int] | None = None) -> CashCount:
        """The opening float of today; a second one corrects the first (linked), it never replaces it."""
        if cents < 0:
            raise ClosureError("Le fond de caisse ne peut pas être négatif.")
        now = self.clock()
        with store_errors(self.db):
            earlier = self.store.counts(FLOAT, day_key(local_day(now)))
            count_id = self.store.add_count(FLOAT, day_key(local_day(now)), now, seller.name, cents, detail or {},
                                            corrects=earlier[-1].id if earlier else None)
            count = self.store.counts(FLOAT, day_key(local_day(now)))[-1]
        assert count.id == count_id
        self.changed.notify(local_day(now))
        return count

    def correct_count(self, closure_number: int, seller: Seller, cents: int,
                      detail: dict[str, int] | None = None) -> CashCount:
        """A new count for a Z, linked to the count it corrects; the Z and the first count stay as they were."""
        if cents < 0:
            raise ClosureError("Un comptage ne peut pas être négatif.")
        with store_errors(self.db):
            closure = self.store.get(closure_number)
            if closure is None or closure.kind is not ClosureKind.DAY:
                raise ClosureError("Seule une clôture Z a un comptage de caisse.")
            earlier = self.store.counts(COUNT, closure_number=closure_number)
            self.store.add_count(COUNT, closure.period, self.clock(), seller.name, cents, detail or {},
                                 closure_number=closure_number, corrects=earlier[-1].id if earlier else None)
            count = self.store.counts(COUNT, closure_number=closure_number)[-1]
        self.changed.notify(date.fromisoformat(closure.period))
        return count

    def counts_of(self, closure_number: int) -> list[CashCount]:
        with store_errors(self.db):
            return self.store.counts(COUNT, closure_number=closure_number)

    # --- lists -------------------------------------------------------------------------------------------
    def closures(self, kind: ClosureKind | None = None) -> list[StoredClosure]:
        with store_errors(self.db):
            return self.store.closures(kind)

    def get(self, number: int) -> StoredClosure | None:
        with store_errors(self.db):
            return self.store.get(number)

    def export_csv(self, path: Path, by: Seller) -> int:
        """The accountant's CSV of every closure (JET 110); the number of closures written."""
        with store_errors(self.db):
            closures = self.store.closures()
        count = write_closures_csv(closures, path)
        self.events.record_quietly(Jet.EXPORT, by.name, f"clôtures en CSV ({count}) : {Path(path).name}")
        return count

    def hourly_sales(self, day: date | None = None) -> dict[str, dict[int, int]]:
        """The day's sales (refunds deducted) per channel and hour, in cents, for the chart."""
        target = day or local_day(self.clock())
        with store_errors(self.db):
            tickets = self.store.tickets_in_day(day_key(target))
        channel_of = self.channel_of(tickets)
        result: dict[str, dict[int, int]] = {}
        for ticket in tickets:
            if ticket.cancelled:
                continue
            hours = result.setdefault(channel_of(ticket), {})
            hour = ticket.closed_at.astimezone(SHOP_TIMEZONE).hour
            hours[hour] = hours.get(hour, 0) + ticket.total.cents
        return result


def fiscal_year_of(day: date, first_month: int) -> str:
    """The fiscal year a day belongs to: « 2026 » for calendar years, « 2026-07 » (its first month) otherwise."""
    start_year = day.year if day.month >= first_month else day.year - 1
    return str(start_year) if first_month == 1 else f"{start_year}-{first_month:02d}"


def _first_moment(tickets: list[ClosedTicket], deposits: list[Any], day: date) -> datetime:
    moments = [t.closed_at for t in tickets[:1]] + [d.at for d in deposits[:1]]
    start_of_day = datetime.combine(day, time(0), SHOP_TIMEZONE)
    return min([*moments, start_of_day])
