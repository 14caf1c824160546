"""Rights as a cashier meets them: a refused action says why and offers the PIN pad; a manager's PIN for the
cashier's action is an override recorded with both names (through the composition root's hook); three wrong
codes lock the pad for 30 s, then 1 min, greyed and counted down. The clock is moved, never slept on."""
from __future__ import annotations

import logging

from kd_fixtures.sellers import double_tap, give_manager_pin, tap_pin
from kd_fixtures.till import open_till, tap, tap_article, type_on_keypad
from PySide6.QtWidgets import QMessageBox

from kezia_desk.domain.rights import ProtectedAction
from kezia_desk.domain.ticket import PaymentMethod


def take_five_euros_then_cancel(qtbot, window):
    till = window.till
    tap_article(qtbot, window, 1003)
    tap(qtbot, till.payment_buttons[PaymentMethod.CASH])
    type_on_keypad(qtbot, till.payment_dialog.keypad, "5")
    tap(qtbot, till.payment_dialog.validate_button)
    tap(qtbot, till.payment_dialog.close_button)
    tap(qtbot, till.cancel_ticket_button)
    tap(qtbot, till.confirm_box.button(QMessageBox.StandardButton.Yes))
    return window.rights_gate.pin_dialog


def test_an_override_is_recorded_with_both_names_in_the_technical_log(qtbot, demo_app, caplog):
    window = demo_app.window
    heard = []
    demo_app.services.rights.overrides.add(heard.append)
    open_till(qtbot, window, "Karim")
    pin_pad = take_five_euros_then_cancel(qtbot, window)
    assert pin_pad.prompt.text().startswith("Karim n'est pas gérant")
    tap(qtbot, pin_pad.cancel_button)  # refused: the ticket and its payment stay
    assert window.till.draft.till_payments and not demo_app.services.till.list_tickets()
    tap(qtbot, window.till.cancel_ticket_button)
    tap(qtbot, window.till.confirm_box.button(QMessageBox.StandardButton.Yes))
    with caplog.at_level(logging.WARNING, logger="kezia_desk.app"):
        give_manager_pin(qtbot, window)
    # The demo is in mode formation: the cancelled ticket is a training ticket, never one of the sales journal.
    assert not demo_app.services.till.list_tickets()
    cancelled = demo_app.services.till.get_ticket(1, training=True)
    assert cancelled.cancelled and cancelled.seller_name == "Karim" and cancelled.training
    assert [(o.action, o.actor.name, o.manager.name) for o in heard] == [
        (ProtectedAction.CANCEL_PAID_TICKET, "Karim", "Sophie (gérante)")]
    lines = [r.getMessage() for r in caplog.records if "dérogation" in r.getMessage()]
    assert len(lines) == 1 and lines[0].startswith(
        "dérogation gérant : Sophie (gérante) a autorisé Karim à annuler un ticket qui a des règlements "
        "(action cancel_paid_ticket")
    overrides = demo_app.services.till.events.entries(code=130)  # and in the signed technical event log (JET)
    assert [(e.by, e.detail) for e in overrides] == [
        ("Sophie (gérante)", "dérogation : Sophie (gérante) a autorisé Karim à annuler un ticket qui a des "
                             "règlements (cancel_paid_ticket)")]


def test_seller_changes_reach_the_technical_log_through_the_composition_root(qtbot, demo_app, caplog):
    with caplog.at_level(logging.INFO, logger="kezia_desk.app"):
        paul = demo_app.services.sellers.create_seller("Paul")
        demo_app.services.sellers.set_active(paul.id, False)
    lines = [r.getMessage() for r in caplog.records if r.name == "kezia_desk.app"]
    assert lines == ["vendeurs : vendeur « Paul » créé", "vendeurs : vendeur « Paul » désactivé"]
    jet = demo_app.services.till.events.entries(code=130)  # and the signed technical event log (JET), in order
    assert [e.detail for e in reversed(jet)][-2:] == ["vendeurs : vendeur « Paul » créé",
                                                     "vendeurs : vendeur « Paul » désactivé"]


def test_a_manager_on_the_till_types_her_own_code_and_no_override_is_recorded(qtbot, window):
    heard = []
    window.services.rights.overrides.add(heard.append)
    open_till(qtbot, window, "Sophie (gérante)")
    pin_pad = take_five_euros_then_cancel(qtbot, window)
    assert pin_pad.prompt.text() == ("Pour annuler un ticket qui a des règlements, Sophie (gérante) tape son "
                                     "code gérant.")
    give_manager_pin(qtbot, window)
    assert window.services.till.list_tickets()[0].cancelled and heard == []


def test_three_wrong_codes_lock_the_pad_30_s_then_1_min(qtbot, window):
    now = [5000.0]
    window.services.rights.access.clock = lambda: now[0]
    tap(qtbot, window.home.sellers_button)
    pin_pad = window.rights_gate.pin_dialog
    for code, said in (("1111", "encore 2 essais."), ("2222", "encore 1 essai."),
                       ("3333", "Code gérant erroné 3 fois : clavier verrouillé 30 s.")):
        tap_pin(qtbot, pin_pad.keypad, code)
        tap(qtbot, pin_pad.ok_button)
        assert pin_pad.message.text().endswith(said)
    assert pin_pad.locked and not pin_pad.ok_button.isEnabled()
    assert not any(key.isEnabled() for key in pin_pad.keypad.keys.values()), "every key greyed"
    now[0] += 12
    qtbot.waitUntil(lambda: "18 s" in pin_pad.message.text(), timeout=3000)  # the count-down, each second
    assert pin_pad.message.text() == "Clavier verrouillé : réessayez dans 18 s."
    tap(qtbot, pin_pad.cancel_button)  # closing and reopening does not unlock it, nor another action
    tap(qtbot, window.home.articles_button)
    tap(qtbot, window.articles.new_button)
    pin_pad = window.rights_gate.pin_dialog
    assert pin_pad.locked and pin_pad.message.text() == "Clavier verrouillé : réessayez dans 18 s."
    now[0] += 18
    qtbot.waitUntil(lambda: not pin_pad.locked, timeout=3000)
    assert pin_pad.message.text() == "Clavier déverrouillé : vous pouvez retaper un code."
    for code in ("1111", "2222", "3333"):
        tap_pin(qtbot, pin_pad.keypad, code)
        tap(qtbot, pin_pad.ok_button)
    assert pin_pad.message.text() == "Code gérant erroné 3 fois : clavier verrouillé 1 min."
    now[0] += 60
    qtbot.waitUntil(lambda: not pin_pad.locked, timeout=3000)
    give_manager_pin(qtbot, window)
    qtbot.waitUntil(lambda: window.articles.dialog is not None and window.articles.dialog.isVisible(), timeout=2000)
    assert window.services.rights.access.locks == 0, "a right code starts the ladder again"


def test_the_pin_pads_buttons_tapped_twice(qtbot, window):
    tap(qtbot, window.home.sellers_button)
    pin_pad = window.rights_gate.pin_dialog
    tap_pin(qtbot, pin_pad.keypad, "1234")
    double_tap(qtbot, pin_pad.ok_button)  # accepted once; the second tap lands on the shielded screen
    qtbot.waitUntil(lambda: window.current_screen() is window.sellers_screen, timeout=2000)
    assert not pin_pad.isVisible() and window.sellers_screen.dialog is None
    tap(qtbot, window.sellers_screen.back_button)
    tap(qtbot, window.home.sellers_button)
    pin_pad = window.rights_gate.pin_dialog
    double_tap(qtbot, pin_pad.cancel_button)
    assert not pin_pad.isVisible() and window.current_screen() is window.home
    assert window.rights_gate.pin_dialog is pin_pad, "the second tap opened nothing"
