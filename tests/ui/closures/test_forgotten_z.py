"""A day left without its Z: the next start says so and offers it to a manager; a sale goes on meanwhile; the
forgotten day is closed from its own tickets with its own date, today's sale stays in today's period."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from kd_fixtures.app import seed_shop_data
from kd_fixtures.till import open_till, tap, tap_article, type_on_keypad
from PySide6.QtWidgets import QMessageBox

from kezia_desk.domain.closure import ClosureKind
from kezia_desk.domain.shop_time import shop_now
from kezia_desk.domain.ticket import PaymentMethod, TicketDraft
from kezia_desk.services.catalog import CatalogService
from kezia_desk.services.sellers import SellerService
from kezia_desk.services.till import TillService
from kezia_desk.store.database import open_database


def sell_yesterday(data_dir):
    db = open_database(data_dir)
    yesterday = (shop_now() - timedelta(days=1)).replace(hour=18, minute=30)
    till = TillService(db, lambda: yesterday)
    draft = TicketDraft()
    draft.add_article(CatalogService(db).get(1003), Decimal(2))
    draft.add_payment(PaymentMethod.CASH)
    sold = till.close_ticket(draft, SellerService(db).list_sellers()[2])
    db.conn.close()
    return sold


def test_a_forgotten_day_is_closed_next_morning_while_a_sale_is_made(qtbot, make_app, tmp_path):
    data_dir = tmp_path / "data"
    seed_shop_data(data_dir)
    yesterday = sell_yesterday(data_dir)
    kezia = make_app(data_dir=data_dir)
    window, ui = kezia.window, kezia.window.closures_ui
    box = ui.forgotten_box
    assert box is not None and box.isVisible() and not box.isModal()
    assert f"{yesterday.closed_at:%d/%m/%Y}" in box.text() and "La caisse reste utilisable" in box.text()
    # Selling is never blocked: a cashier rings up a sale with the question still open.
    open_till(qtbot, window, "Karim")
    tap_article(qtbot, window, 2001)
    tap(qtbot, box.button(QMessageBox.StandardButton.Yes))
    type_on_keypad(qtbot, ui.pin_dialog.keypad, "1234")
    tap(qtbot, ui.pin_dialog.ok_button)
    closures = kezia.services.closures
    qtbot.waitUntil(lambda: len(closures.closures(ClosureKind.DAY)) == 1)
    [z] = closures.closures(ClosureKind.DAY)
    assert z.period == yesterday.closed_at.date().isoformat()
    assert (z.figures.first_ticket, z.figures.last_ticket, z.figures.grand_total) == (1, 1, 2600)
    assert z.figures.end.startswith(f"{yesterday.closed_at:%Y-%m-%d}T23:59:59")
    assert "Clôture(s) Z faite(s)" in window.statusBar().currentMessage()
    till = window.till
    tap(qtbot, till.payment_buttons[PaymentMethod.CARD])
    tap(qtbot, till.payment_dialog.validate_button)
    qtbot.waitUntil(lambda: till.last_closed is not None)
    today = closures.reading_x().figures
    assert (today.first_ticket, today.ticket_count) == (till.last_closed.number, 1)
    assert closures.pending_days() == []


def test_a_finished_month_is_closed_from_the_screen(qtbot, make_app, tmp_path):
    """Clôtures du mois (manager): the month before this one, whose days all have their Z, gets its monthly
    closure without waiting for this month's first Z; a second tap finds nothing more to close."""
    from kezia_desk.services.closures import ClosureService
    from kezia_desk.services.settings import SettingsService

    data_dir = tmp_path / "data"
    seed_shop_data(data_dir)
    db = open_database(data_dir)
    last_month = (shop_now().replace(day=1) - timedelta(days=10)).replace(hour=12)
    till = TillService(db, lambda: last_month)
    draft = TicketDraft()
    draft.add_article(CatalogService(db).get(1003))
    draft.add_payment(PaymentMethod.CARD)
    till.close_ticket(draft, SellerService(db).list_sellers()[1])
    ClosureService(db, SettingsService(db), till, lambda: last_month).close_day(SellerService(db).list_sellers()[0])
    db.conn.close()
    kezia = make_app(data_dir=data_dir)
    window = kezia.window
    tap(qtbot, window.home.closures_button)
    screen = window.closures_ui.closures
    tap(qtbot, screen.month_button)
    assert not screen.month_button.isEnabled(), "a double tap asks once"
    type_on_keypad(qtbot, screen.pin_dialog.keypad, "1234")
    tap(qtbot, screen.pin_dialog.ok_button)
    qtbot.waitUntil(lambda: screen.message.text().startswith("Clôture(s) enregistrée(s)"))
    month = f"{last_month:%Y-%m}"
    assert f"clôture mensuelle {month}" in screen.message.text()
    assert [c.period for c in kezia.services.closures.closures(ClosureKind.MONTH)] == [month]
    tap(qtbot, screen.month_button)
    type_on_keypad(qtbot, screen.pin_dialog.keypad, "1234")
    tap(qtbot, screen.pin_dialog.ok_button)
    qtbot.waitUntil(lambda: "Aucun mois terminé" in screen.message.text())
