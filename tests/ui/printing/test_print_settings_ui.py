"""Fichier > Paramètres > Impression driven like a manager: PIN, a network printer typed in, « Test d'impression »
reaching a printer on the loopback (once for a double tap), a PDF folder read back with pypdf, a computer without
printer, and French refusals."""
from __future__ import annotations

import pytest
from kd_fixtures.fake_printer import FakeNetworkPrinter
from kd_fixtures.screenshots import shot
from pypdf import PdfReader
from PySide6.QtCore import Qt

from kezia_desk.domain.printer_settings import PrinterKind
from kezia_desk.ui.printing.qt_output import NO_PRINTER, system_printers

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def printer():
    fake = FakeNetworkPrinter()
    yield fake
    fake.close()


def tap(qtbot, widget) -> None:
    assert widget.isVisible() and widget.isEnabled(), f"{widget!r} n'est pas utilisable"
    qtbot.mouseClick(widget, LEFT)


def open_print_settings(qtbot, kezia, pin: str = "1234"):
    ui = kezia.window.print_ui
    kezia.window.print_settings_action.trigger()  # Fichier > Paramètres > Impression
    kezia.window.print_settings_action.trigger()  # a second tap on the menu: still one PIN pad
    qtbot.waitUntil(lambda: ui.pin_dialog is not None and ui.pin_dialog.isVisible(), timeout=2000)
    assert ui.pin_dialog.keypad.display.echoMode().name == "Password"
    qtbot.keyClicks(ui.pin_dialog.keypad.display, pin)
    tap(qtbot, ui.pin_dialog.ok_button)
    return ui


def choose(box, kind: PrinterKind) -> None:
    box.kind_combo.setCurrentIndex(box.kind_combo.findData(kind.value))


def test_a_wrong_pin_keeps_the_printer_settings_closed(qtbot, unconnected) -> None:
    kezia = unconnected()
    ui = open_print_settings(qtbot, kezia, pin="9999")
    qtbot.wait(100)
    assert ui.settings_window is None and ui.pin_dialog.isVisible()


@pytest.mark.screenshot
def test_network_printer_saved_and_test_print_reaches_it_once(qtbot, unconnected, printer) -> None:
    kezia = unconnected()
    ui = open_print_settings(qtbot, kezia)
    qtbot.waitUntil(lambda: ui.settings_window is not None and ui.settings_window.isVisible(), timeout=2000)
    window = ui.settings_window
    box = window.receipt_box
    assert not box.test_button.isEnabled()  # « Aucune »: nothing to test
    choose(box, PrinterKind.NETWORK)
    assert box.host_edit.isVisible() and not box.pdf_edit.isVisible()
    qtbot.keyClicks(box.host_edit, "127.0.0.1")
    box.port_edit.clear()
    qtbot.keyClicks(box.port_edit, str(printer.port))
    box.width_combo.setCurrentIndex(box.width_combo.findData(58))
    window.name_edit.setText("Chez Hélène")  # typed (QTest types ASCII only)
    window.tabs.setCurrentIndex(0)
    shot(window, "print-settings.png")
    tap(qtbot, box.test_button)
    tap(qtbot, box.test_button)  # a double tap: one test page
    qtbot.waitUntil(lambda: len(printer.jobs) == 1, timeout=5000)
    qtbot.wait(300)
    assert len(printer.jobs) == 1
    page = printer.jobs[0]
    assert page.startswith(b"\x1b@\x1bt\x10") and page.endswith(b"\x1dV\x00")
    assert b"Ligatures : \x9c \x8c" in page and b"Euro : 12,50 \x80" in page
    assert b"12345678901234567890123456789012\n3456789012\n" in page  # 58 mm: 32 columns
    assert "Page de test envoyée" in window.message.text() or "attend déjà" in window.message.text()
    saved = kezia.services.printing.settings().receipt_printer
    assert (saved.kind, saved.host, saved.port, saved.width_mm) == (PrinterKind.NETWORK, "127.0.0.1", printer.port, 58)
    assert kezia.services.printing.shop_header().name == "Chez Hélène"
    tap(qtbot, window.save_button)
    tap(qtbot, window.save_button)  # saving twice changes nothing more
    assert window.message.text() == "Réglages d'impression enregistrés."
    tap(qtbot, window.close_button)
    assert not window.isVisible()


def test_an_address_missing_is_refused_in_french_and_nothing_is_saved(qtbot, unconnected) -> None:
    kezia = unconnected()
    ui = open_print_settings(qtbot, kezia)
    qtbot.waitUntil(lambda: ui.settings_window is not None, timeout=2000)
    window = ui.settings_window
    window.tabs.setCurrentIndex(1)
    choose(window.kitchen_box, PrinterKind.NETWORK)
    tap(qtbot, window.save_button)
    assert window.message.text() == "Indiquez l'adresse IP de l'imprimante réseau."
    assert kezia.services.printing.settings().kitchen_printer.kind is PrinterKind.NONE
    window.kitchen_box.code_page_number_edit.setText("seize")
    qtbot.keyClicks(window.kitchen_box.host_edit, "10.0.0.9")
    tap(qtbot, window.save_button)
    assert window.message.text().startswith("Le n° de page de codes est un nombre")
    window.kitchen_box.code_page_number_edit.setText("71")  # a clone's CP1252
    tap(qtbot, window.save_button)
    saved = kezia.services.printing.settings().kitchen_printer
    assert (saved.host, saved.code_page_number) == ("10.0.0.9", 71)
    window.kitchen_box.host_edit.clear()
    window.kitchen_box.port_edit.setText("neuf-cent")
    qtbot.keyClicks(window.kitchen_box.host_edit, "10.0.0.9")
    tap(qtbot, window.save_button)
    assert window.message.text() == "Le port de l'imprimante réseau est un nombre (souvent 9100)."


def test_a_pdf_folder_receives_the_test_page_with_its_accents(qtbot, unconnected, tmp_path) -> None:
    kezia = unconnected()
    ui = open_print_settings(qtbot, kezia)
    qtbot.waitUntil(lambda: ui.settings_window is not None, timeout=2000)
    window = ui.settings_window
    window.tabs.setCurrentIndex(1)
    box = window.kitchen_box
    choose(box, PrinterKind.PDF)
    assert box.pdf_edit.isVisible() and not box.code_page_combo.isVisible()  # a PDF has no code page
    folder = tmp_path / "bons"
    qtbot.keyClicks(box.pdf_edit, str(folder))
    tap(qtbot, box.test_button)
    qtbot.waitUntil(lambda: folder.exists() and any(folder.glob("*.pdf")), timeout=10_000)
    [pdf] = folder.glob("*.pdf")
    qtbot.waitUntil(lambda: kezia.services.printing.jobs.waiting_count() == 0, timeout=5000)
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1  # one narrow page, as tall as the ticket: no page number added
    width_mm = float(reader.pages[0].mediabox.width) / 72 * 25.4
    assert round(width_mm) == 80
    text = "".join(reader.pages[0].extract_text().split())  # Qt places glyphs one by one: compare without spaces
    for expected in ("Accents:éèêëàâçôûùïî", "Majuscules:ÉÈÀÇÔ", "Ligatures:œŒ—cœur,sœur,Œuvre",
                     "Euro:12,50€—guillemets«ok»", "123456789012345678901234567890123456789012"):
        assert expected in text


def test_no_printer_installed_is_said_in_french(qtbot, unconnected) -> None:
    if system_printers():
        pytest.skip("this machine has printers installed")
    kezia = unconnected()
    ui = open_print_settings(qtbot, kezia)
    qtbot.waitUntil(lambda: ui.settings_window is not None, timeout=2000)
    box = ui.settings_window.receipt_box
    choose(box, PrinterKind.SYSTEM)
    assert box.no_printer_label.isVisible() and box.no_printer_label.text() == NO_PRINTER
    tap(qtbot, box.test_button)
    status = kezia.window.print_ui.status_label
    qtbot.waitUntil(lambda: status.isVisible() and status.text() == NO_PRINTER, timeout=5000)
