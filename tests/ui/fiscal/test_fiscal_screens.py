"""What the cashier and the manager see of the signed journal: the ticket's fiscal block (« Voir le ticket »),
mode formation (manager code, FORMATION on screen, its own chain), the JET in the Diagnostic with its filter and
« Vérifier le journal », the backups' settings and a failed backup in the status bar."""
from __future__ import annotations

import pytest
from kd_fixtures.screenshots import shot
from kd_fixtures.settings import type_pin
from kd_fixtures.till import open_till, tap, tap_article
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from kezia_desk.domain.fiscal import Chain, Jet, signature_marks
from kezia_desk.domain.ticket import PaymentMethod

LEFT = Qt.MouseButton.LeftButton


def sell_card(qtbot, window, *idarts):
    for idart in idarts:
        tap_article(qtbot, window, idart)
    tap(qtbot, window.till.payment_buttons[PaymentMethod.CARD])
    tap(qtbot, window.till.payment_dialog.validate_button)
    qtbot.waitUntil(lambda: window.till.model.rowCount() == 0, timeout=3000)
    return window.till.last_closed


@pytest.mark.screenshot
def test_voir_le_ticket_shows_the_fiscal_block_once_even_tapped_twice(qtbot, window):
    open_till(qtbot, window, "Karim")
    assert not window.till.receipt_button.isEnabled()  # nothing recorded yet: greyed
    closed = sell_card(qtbot, window, 1022, 2001, 3001)
    assert window.till.receipt_button.isEnabled() and not window.till.training_banner.isVisible()
    tap(qtbot, window.till.receipt_button)
    dialog = window.till.receipt_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    qtbot.mouseClick(window.till.receipt_button, LEFT)  # the second tap lands on the open dialog's owner
    assert window.till.receipt_dialog is dialog
    text = dialog.view.toPlainText()
    block = dialog.block
    record = window.services.till.records.records(Chain.SALES, ref=str(closed.number))[0]
    assert block.signature_marks == signature_marks(record.signature) and len(block.signature_marks) == 4
    assert f"Ticket n° {closed.number} — " in text and "3 lignes — Kezia Desk " in text
    assert f"Caisse {window.services.till.records.till_id} — vendeur Karim" in text
    assert f"Signature : {block.signature_marks}" in text and "Total TTC" in text and "19,50" in text
    shot(dialog, "ticket-fiscal-block.png")
    tap(qtbot, dialog.close_button)
    assert not dialog.isVisible()


def test_a_reprint_is_a_record_and_says_duplicata_n(window):
    till = window.services.till
    seller = window.services.sellers.list_sellers()[1]
    from decimal import Decimal

    from kezia_desk.domain.money import Money
    from kezia_desk.domain.ticket import TicketDraft, TicketLine

    draft = TicketDraft()
    draft.add_line(TicketLine("Tiramisu", Money.of("4.50"), Decimal(1), Decimal("10"), 3001))
    draft.add_payment(PaymentMethod.CASH)
    closed = till.close_ticket(draft, seller)
    assert till.fiscal_block(closed).reprint == 0
    assert [till.record_reprint(closed, "Karim") for _ in range(2)] == [1, 2]
    block = till.fiscal_block(closed, reprint=2)
    assert block.lines_fr()[0] == "DUPLICATA n° 2"
    assert [r.data["duplicata"] for r in till.records.records(Chain.DUPLICATES)] == [1, 2]
    assert till.verify_journal().ok


@pytest.mark.screenshot
def test_mode_formation_needs_the_manager_and_keeps_training_sales_out_of_every_fiscal_chain(qtbot, unconnected):
    kezia = unconnected()
    window, till = kezia.window, kezia.services.till
    qtbot.waitUntil(lambda: not kezia.warming_up, timeout=10_000)  # its start event (80) is written by then
    ui = window.training_ui
    window.training_action.trigger()
    window.training_action.trigger()  # twice: one code asked
    dialog = ui.pin_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    type_pin(qtbot, dialog, "9999")
    assert dialog.isVisible() and "Code gérant erroné" in dialog.message.text()
    type_pin(qtbot, dialog, "1234")
    qtbot.waitUntil(lambda: ui.question is not None and ui.question.isVisible(), timeout=2000)
    tap(qtbot, ui.question.button(QMessageBox.StandardButton.Yes))
    qtbot.waitUntil(lambda: till.training_active, timeout=2000)
    codes = [entry.code for entry in till.events.entries()]
    assert codes[0] == int(Jet.TRAINING_ON) and int(Jet.PIN_REFUSED) in codes
    ui.info_box.close()

    sales_before = {chain: till.records.count(chain) for chain in (Chain.SALES, Chain.CLOSURES, Chain.DUPLICATES)}
    open_till(qtbot, window, "Léa")
    assert window.till.training_banner.isVisible() and window.till.training_banner.text() == "MODE FORMATION"
    closed = sell_card(qtbot, window, 1013)
    assert closed.training and closed.number == 1 and window.till.message.text() == "Ticket n° 1 enregistré"
    # (5) the training sale is in no fiscal chain and no journal row: closures and grand totals never see it.
    assert {chain: till.records.count(chain) for chain in sales_before} == sales_before
    assert till.list_tickets() == [] and till.records.count(Chain.TRAINING) == 1
    assert all("Regina" not in r.payload for r in till.records.records(Chain.EVENTS))
    tap(qtbot, window.till.receipt_button)
    qtbot.waitUntil(lambda: window.till.receipt_dialog is not None and window.till.receipt_dialog.isVisible(),
                    timeout=2000)
    assert window.till.receipt_dialog.view.toPlainText().startswith("FORMATION")
    shot(window, "till-formation.png")
    window.till.receipt_dialog.close()
    assert till.verify_journal().ok


@pytest.mark.screenshot
def test_the_jet_in_the_diagnostic_filters_and_verifies_once(qtbot, unconnected):
    kezia = unconnected()
    window, till = kezia.window, kezia.services.till
    qtbot.waitUntil(lambda: not kezia.warming_up, timeout=10_000)  # its start event (80) is written by then
    till.events.record(Jet.EXPORT, "Karim", "catalogue envoyé à HubRise")
    dialog = window.web_orders_ui.open_diagnostics()
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    dialog.tabs.setCurrentIndex(dialog.jet_tab)
    jet = dialog.jet
    labels = [jet.table.item(row, 2).text() for row in range(jet.table.rowCount())]
    assert "Démarrage de la caisse" in labels and "Export de données" in labels
    jet.filter.setCurrentIndex(jet.filter.findData(int(Jet.START)))
    assert jet.table.rowCount() == 1 and jet.table.item(0, 1).text() == "80"
    jet.filter.setCurrentIndex(0)
    tap(qtbot, jet.verify_button)
    qtbot.mouseClick(jet.verify_button, LEFT)  # a second tap while it runs: ignored (the button is greyed)
    qtbot.waitUntil(lambda: jet.result.text().startswith("Journal intègre"), timeout=10_000)
    assert len(till.events.entries(code=int(Jet.JOURNAL_VERIFIED))) == 1
    assert jet.table.item(0, 2).text() == "Vérification du journal"
    dialog.resize(1024, 640)
    shot(dialog, "diagnostic-jet.png")


@pytest.mark.screenshot
def test_backups_are_set_by_the_manager_and_a_failed_one_stays_in_the_status_bar(qtbot, unconnected, tmp_path):
    kezia = unconnected()
    window = kezia.window
    ui = window.backup_ui
    window.backups_action.trigger()
    qtbot.waitUntil(lambda: ui.pin_dialog is not None and ui.pin_dialog.isVisible(), timeout=2000)
    type_pin(qtbot, ui.pin_dialog, "1234")
    qtbot.waitUntil(lambda: ui.dialog is not None and ui.dialog.isVisible(), timeout=2000)
    dialog = ui.dialog
    blocker = tmp_path / "fichier"
    blocker.write_text("pas un dossier")
    dialog.folder.setText(str(blocker / "usb"))
    tap(qtbot, dialog.now_button)
    qtbot.waitUntil(lambda: "Sauvegarde impossible" in dialog.message.text(), timeout=10_000)
    assert ui.status.isVisible() and "Sauvegarde impossible" in ui.status.text()
    dialog.folder.setText(str(tmp_path / "usb"))
    tap(qtbot, dialog.now_button)
    qtbot.mouseClick(dialog.now_button, LEFT)
    qtbot.waitUntil(lambda: "Sauvegarde faite" in dialog.message.text(), timeout=10_000)
    shot(dialog, "backups.png")
    assert len(list((tmp_path / "usb").glob("*.db"))) == 1 and not ui.status.isVisible()
    assert kezia.backups.folder == tmp_path / "usb"


def test_the_backup_folder_is_chosen_saved_and_closed_with_taps(qtbot, unconnected, tmp_path):
    kezia = unconnected()
    window = kezia.window
    ui = window.backup_ui
    window.backups_action.trigger()
    qtbot.waitUntil(lambda: ui.pin_dialog is not None and ui.pin_dialog.isVisible(), timeout=2000)
    type_pin(qtbot, ui.pin_dialog, "1234")
    qtbot.waitUntil(lambda: ui.dialog is not None and ui.dialog.isVisible(), timeout=2000)
    dialog = ui.dialog
    usb = tmp_path / "cle"
    usb.mkdir()
    tap(qtbot, dialog.choose_button)
    chooser = dialog.folder_chooser
    qtbot.waitUntil(chooser.isVisible, timeout=2000)
    qtbot.mouseClick(dialog.choose_button, LEFT)  # a second tap while it is open: the same chooser
    assert dialog.folder_chooser is chooser
    chooser.setDirectory(str(tmp_path))
    chooser.selectFile(str(usb))
    chooser.accept()
    assert dialog.folder.text() == str(usb)
    dialog.keep.setValue(9)
    tap(qtbot, dialog.more_button)  # 10: each tap one copy, as a finger counts
    tap(qtbot, dialog.fewer_button)
    tap(qtbot, dialog.fewer_button)
    tap(qtbot, dialog.fewer_button)
    assert dialog.keep.value() == 7
    assert min(dialog.fewer_button.height(), dialog.more_button.height(), dialog.keep.height()) >= 48
    tap(qtbot, dialog.save_button)
    tap(qtbot, dialog.save_button)  # twice: the same settings, one event
    assert "enregistrés" in dialog.message.text()
    assert kezia.backups.folder == usb and kezia.backups.keep == 7
    codes = [e.code for e in kezia.services.till.events.entries(code=int(Jet.FISCAL_SETTINGS))]
    assert len(codes) == 1
    tap(qtbot, dialog.close_button)
    assert not dialog.isVisible()
