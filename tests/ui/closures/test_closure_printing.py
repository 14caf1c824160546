"""Issue 20 on the screens of issue 18: Clôtures' « Imprimer » prints the Lecture X shown or the closure selected
(a Z just made is selected), and the Tickets screen's « Réimprimer » prints « DUPLICATA n° N », recorded in the
duplicates chain and the JET with who asked. Driven by taps; the printer is a network printer on the loopback."""
from __future__ import annotations

import pytest
from kd_fixtures.fake_printer import FakeNetworkPrinter, network
from kd_fixtures.till import open_till, tap, tap_article, type_on_keypad

from kezia_desk.domain.closure import ClosureKind
from kezia_desk.domain.fiscal import REPRINT, Chain, Jet
from kezia_desk.domain.printer_settings import PrintSettings, ReceiptMode
from kezia_desk.domain.receipt import ShopHeader
from kezia_desk.domain.ticket import PaymentMethod


@pytest.fixture
def printer():
    fake = FakeNetworkPrinter()
    yield fake
    fake.close()


def till_with_printer(unconnected, printer):
    kezia = unconnected()
    kezia.services.printing.save_settings(PrintSettings(receipt_printer=network(printer.port),
                                                        receipt_mode=ReceiptMode.NEVER, drawer_kick=False))
    kezia.services.printing.save_shop_header(ShopHeader("Pizzeria Chez Hélène"))
    return kezia


def sell(qtbot, window, idart, method=PaymentMethod.CARD, cash=None):
    till = window.till
    tap_article(qtbot, window, idart)
    tap(qtbot, till.payment_buttons[method])
    if cash is not None:
        type_on_keypad(qtbot, till.payment_dialog.keypad, cash)
    before = till.last_closed
    tap(qtbot, till.payment_dialog.validate_button)
    qtbot.waitUntil(lambda: till.last_closed is not before)
    return till.last_closed


def cp1252(text: str) -> bytes:
    return text.replace("\u202f", " ").encode("cp1252")


def test_print_the_x_then_the_z_just_made(qtbot, unconnected, printer) -> None:
    kezia = till_with_printer(unconnected, printer)
    window = kezia.window
    open_till(qtbot, window, "Karim")
    sold = [sell(qtbot, window, 1003, PaymentMethod.CASH, "20"), sell(qtbot, window, 2001)]
    window.show_home()
    tap(qtbot, window.home.closures_button)
    screen = window.closures_ui.closures
    assert screen.print_button.isVisible() and not screen.print_button.isEnabled()  # nothing shown yet

    tap(qtbot, screen.x_button)
    tap(qtbot, screen.print_button)
    tap(qtbot, screen.print_button)  # a double tap while it waits for the printer: one printout
    assert screen.message.text() == "Lecture X : l'impression attend déjà l'imprimante."
    qtbot.waitUntil(lambda: len(printer.jobs) == 1, timeout=5000)
    x = kezia.services.closures.reading_x().figures
    total = sum(t.total.cents for t in sold)
    assert x.grand_total == total
    data = printer.jobs[0]
    assert b"Lecture X\n" in data and b"Pizzeria Chez H\xe9l\xe8ne" in data and b"Esp\xe8ces attendues" in data
    assert cp1252(sold[0].total.format_fr()) in data and b"Grand total de la p\xe9riode" in data
    assert kezia.services.closures.closures() == []  # an X prints, it closes nothing

    tap(qtbot, screen.z_button)
    type_on_keypad(qtbot, screen.pin_dialog.keypad, "1234")
    tap(qtbot, screen.pin_dialog.ok_button)
    dialog = screen.count_dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.total_edit, "13")
    tap(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: "Clôture Z n° 1" in screen.message.text())
    [z] = kezia.services.closures.closures(ClosureKind.DAY)
    assert screen.selected() == z and screen.print_button.isEnabled()  # the Z just made, ready to print
    tap(qtbot, screen.print_button)
    tap(qtbot, screen.print_button)  # a double tap: the second one queues nothing
    assert screen.message.text() == "Clôture journalière (Z) n° 1 : l'impression attend déjà l'imprimante."
    qtbot.waitUntil(lambda: len(printer.jobs) == 2, timeout=5000)
    data = printer.jobs[1]
    assert b"Cl\xf4ture Z n\xb0 1\n" in data and b"Esp\xe8ces compt\xe9es" in data and b"13,00" in data
    assert b"Total perp\xe9tuel" in data and b"Faite le " in data and b"par Sophie" in data  # the manager of the Z
    assert [job["kind"] for job in kezia.services.printing.jobs.for_source("closure:Z:1")] == ["closure"]


def test_without_a_receipt_printer_imprimer_says_so(qtbot, unconnected) -> None:
    kezia = unconnected()
    window = kezia.window
    tap(qtbot, window.home.closures_button)
    screen = window.closures_ui.closures
    tap(qtbot, screen.x_button)
    tap(qtbot, screen.print_button)
    assert screen.message.text() == ("Aucune imprimante des tickets n'est choisie : voir Fichier > Paramètres > "
                                     "Impression.")


def test_reprint_a_ticket_from_the_tickets_screen(qtbot, unconnected, printer) -> None:
    kezia = till_with_printer(unconnected, printer)
    window = kezia.window
    open_till(qtbot, window, "Karim")
    sale = sell(qtbot, window, 1003)
    window.show_home()
    tap(qtbot, window.home.tickets_button)
    screen = window.closures_ui.tickets
    assert not screen.reprint_button.isEnabled()  # no ticket chosen
    screen.table.selectRow(0)
    tap(qtbot, screen.reprint_button)
    tap(qtbot, screen.reprint_button)  # a double tap: one duplicate
    assert screen.message.text() == f"Un duplicata du ticket n° {sale.number} attend déjà l'imprimante."
    qtbot.waitUntil(lambda: len(printer.jobs) == 1, timeout=5000)
    assert b"DUPLICATA n\xb0 1" in printer.jobs[0] and cp1252(f"Ticket n° {sale.number}") in printer.jobs[0]
    qtbot.waitUntil(lambda: not kezia.services.printing.jobs.has_waiting("receipt", "duplicata"), timeout=3000)
    tap(qtbot, screen.reprint_button)  # asked again later: the next number
    qtbot.waitUntil(lambda: len(printer.jobs) == 2, timeout=5000)
    assert b"DUPLICATA n\xb0 2" in printer.jobs[1]
    assert screen.message.text() == f"Duplicata du ticket n° {sale.number} envoyé à l'imprimante."
    till = kezia.services.till
    assert [(r.data["duplicata"], r.data["by"]) for r in till.records.records(Chain.DUPLICATES, kind=REPRINT)] == [
        (1, "Karim"), (2, "Karim")]
    assert [e.by for e in till.events.entries(code=int(Jet.DUPLICATE))] == ["Karim", "Karim"]
    assert till.verify_journal().ok
