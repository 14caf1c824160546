"""Vendeurs tapped through like a manager: the PIN first, then create, rename, a PIN, a manager, deactivate and
reactivate; the last manager stays; every button tapped once and twice."""
from __future__ import annotations

from kd_fixtures.sellers import double_tap, fill_seller_form, give_manager_pin, tap_pin
from kd_fixtures.till import tap
from PySide6.QtWidgets import QMessageBox

YES, NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


def open_vendeurs(qtbot, window):
    tap(qtbot, window.home.sellers_button)
    dialog = window.rights_gate.pin_dialog
    assert dialog.prompt.text() == "Seul un gérant peut gérer les vendeurs : code gérant ?"
    give_manager_pin(qtbot, window)
    qtbot.waitUntil(lambda: window.current_screen() is window.sellers_screen, timeout=2000)
    return window.sellers_screen


def names(screen):
    return [(s.name, s.is_manager, s.active) for s in screen.sellers]


def test_vendeurs_needs_a_manager_pin(qtbot, window):
    tap(qtbot, window.home.sellers_button)
    dialog = window.rights_gate.pin_dialog
    tap_pin(qtbot, dialog.keypad, "9999")
    tap(qtbot, dialog.ok_button)
    assert dialog.isVisible() and dialog.message.text() == "Code gérant erroné : encore 2 essais."
    assert window.current_screen() is window.home
    tap(qtbot, dialog.cancel_button)
    assert not dialog.isVisible() and window.current_screen() is window.home
    window.sellers_action.trigger()  # the menu: Fichier > Vendeurs, the same gate
    give_manager_pin(qtbot, window)
    qtbot.waitUntil(lambda: window.current_screen() is window.sellers_screen, timeout=2000)


def test_a_manager_creates_renames_gives_a_pin_promotes_and_deactivates(qtbot, window):
    screen = open_vendeurs(qtbot, window)
    assert names(screen)[:3] == [("Sophie (gérante)", True, True), ("Karim", False, True), ("Léa", False, True)]
    tap(qtbot, screen.new_button)
    form = screen.dialog
    fill_seller_form(qtbot, form, "lea")  # Léa exists: the accent-less twin is refused, the form stays
    assert form.isVisible() and form.message.text() == "Le nom « lea » est déjà pris par « Léa »."
    fill_seller_form(qtbot, form, "Paul", "5678", confirm="5679")
    assert form.isVisible() and "Les deux codes diffèrent" in form.message.text()
    fill_seller_form(qtbot, form, "Paul", "5678")
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=2000)
    assert screen.message.text() == "Vendeur « Paul » créé."
    assert ("Paul", False, True) in names(screen) and screen.selected().name == "Paul"

    tap(qtbot, screen.rename_button)
    rename = screen.dialog
    rename.name_edit.clear()
    qtbot.keyClicks(rename.name_edit, "KARIM")
    tap(qtbot, rename.ok_button)
    assert rename.isVisible() and "déjà pris par « Karim »" in rename.message.text()
    rename.name_edit.clear()
    qtbot.keyClicks(rename.name_edit, "Paulo")
    tap(qtbot, rename.ok_button)
    assert not rename.isVisible() and screen.selected().name == "Paulo"

    tap(qtbot, screen.pin_button)
    pin = screen.dialog
    tap_pin(qtbot, pin.keypad, "24")
    tap(qtbot, pin.ok_button)
    assert "de 4 à 8 chiffres" in pin.message.text()
    for _ in range(2):
        tap_pin(qtbot, pin.keypad, "2468")
        tap(qtbot, pin.ok_button)
    assert not pin.isVisible() and screen.message.text() == "Code PIN de « Paulo » enregistré."

    tap(qtbot, screen.manager_button)
    assert screen.message.text() == "« Paulo » est maintenant gérant."
    assert window.services.sellers.verify_manager_pin("2468").name == "Paulo"
    assert screen.manager_button.text() == "Retirer gérant"

    tap(qtbot, screen.active_button)
    tap(qtbot, screen.confirm_box.button(YES))
    assert ("Paulo", True, False) in names(screen) and screen.active_button.text() == "Réactiver"
    assert not screen.manager_button.isEnabled()
    assert "Paulo" not in [s.name for s in window.services.sellers.list_sellers()]
    assert window.services.sellers.verify_manager_pin("2468") is None  # deactivated: no manager rights
    tap(qtbot, screen.active_button)
    assert ("Paulo", True, True) in names(screen) and screen.message.text() == "« Paulo » est réactivé."
    tap(qtbot, screen.back_button)
    assert window.current_screen() is window.home
    tap(qtbot, window.home.till_button)
    assert window.seller_screen.button_for("Paulo") is not None


def test_the_last_active_manager_stays(qtbot, window):
    screen = open_vendeurs(qtbot, window)
    screen.select_name("Sophie (gérante)")
    tap(qtbot, screen.manager_button)
    assert screen.message.text() == ("Sophie (gérante) est le dernier gérant actif : nommez d'abord un autre "
                                     "gérant.")
    tap(qtbot, screen.active_button)
    tap(qtbot, screen.confirm_box.button(YES))
    assert "dernier gérant actif" in screen.message.text()
    tap(qtbot, screen.active_button)
    tap(qtbot, screen.confirm_box.button(NO))
    assert names(screen)[0] == ("Sophie (gérante)", True, True)
    screen.select_name("Karim")
    tap(qtbot, screen.manager_button)
    assert "Donnez d'abord un code PIN à Karim" in screen.message.text()


def test_each_button_tapped_twice_acts_once(qtbot, window):
    screen = open_vendeurs(qtbot, window)
    screen.select_name("Léa")
    double_tap(qtbot, screen.active_button)  # the box opens once
    boxes = [w for w in screen.findChildren(QMessageBox) if w.isVisible()]
    assert len(boxes) == 1
    tap(qtbot, screen.confirm_box.button(YES))
    assert ("Léa", False, False) in names(screen)
    double_tap(qtbot, screen.active_button)  # Réactiver, twice: reactivated once, not deactivated again
    assert ("Léa", False, True) in names(screen) and not screen.confirm_box.isVisible()
    window.services.sellers.set_pin(screen.selected().id, "1111")
    screen.refresh()
    double_tap(qtbot, screen.manager_button)
    assert ("Léa", True, True) in names(screen)
    for button in (screen.new_button, screen.rename_button, screen.pin_button):
        double_tap(qtbot, button)
        dialogs = [d for d in screen.findChildren(type(screen.dialog)) if d.isVisible()]
        assert len(dialogs) == 1, button.text()
        screen.dialog.reject()
    double_tap(qtbot, screen.back_button)
    assert window.current_screen() is window.home


def test_no_selection_greys_the_actions(qtbot, window):
    screen = open_vendeurs(qtbot, window)
    screen.table.clearSelection()
    for button in (screen.rename_button, screen.pin_button, screen.manager_button, screen.active_button):
        assert not button.isEnabled()
    screen.open_rename()
    assert screen.message.text() == "Sélectionnez d'abord un vendeur dans la liste."


def test_the_forms_buttons_tapped_twice_and_the_home_button(qtbot, window):
    double_tap(qtbot, window.home.sellers_button)  # one PIN pad
    pads = [d for d in window.findChildren(type(window.rights_gate.pin_dialog)) if d.isVisible()]
    assert pads == [window.rights_gate.pin_dialog]
    give_manager_pin(qtbot, window)
    qtbot.waitUntil(lambda: window.current_screen() is window.sellers_screen, timeout=2000)
    screen = window.sellers_screen
    screen.select_name("Karim")
    for opener in (screen.rename_button, screen.pin_button, screen.new_button):
        tap(qtbot, opener)
        dialog = screen.dialog
        double_tap(qtbot, dialog.cancel_button)
        assert not dialog.isVisible() and screen.dialog is dialog, opener.text()
    tap(qtbot, screen.rename_button)
    rename = screen.dialog
    rename.name_edit.clear()
    qtbot.keyClicks(rename.name_edit, "Karim B.")
    double_tap(qtbot, rename.ok_button)
    assert not rename.isVisible() and screen.message.text() == "Vendeur renommé « Karim B. »."
    tap(qtbot, screen.pin_button)
    pin = screen.dialog
    tap_pin(qtbot, pin.keypad, "1357")
    double_tap(qtbot, pin.ok_button)  # the second tap finds the code to type again, and restarts nothing
    assert pin.isVisible() and pin.steps.confirming
    tap_pin(qtbot, pin.keypad, "1357")
    double_tap(qtbot, pin.ok_button)
    assert not pin.isVisible() and screen.message.text() == "Code PIN de « Karim B. » enregistré."


def test_the_seller_on_the_till_follows_a_rename_and_leaves_when_deactivated(qtbot, window):
    heard = []
    window.services.rights.overrides.add(heard.append)
    tap(qtbot, window.home.till_button)
    tap(qtbot, window.seller_screen.button_for("Karim"))
    window.show_home()
    screen = open_vendeurs_as_karim(qtbot, window)
    assert [(o.actor.name, o.manager.name) for o in heard] == [("Karim", "Sophie (gérante)")]
    screen.select_name("Karim")
    window.services.sellers.rename(screen.selected().id, "Karim Benali")
    assert window.current_seller.name == "Karim Benali" and window.till.seller.name == "Karim Benali"
    tap(qtbot, screen.active_button)
    tap(qtbot, screen.confirm_box.button(YES))
    assert window.current_seller is None
    tap(qtbot, screen.back_button)
    tap(qtbot, window.home.till_button)
    assert window.current_screen() is window.seller_screen
    assert window.seller_screen.button_for("Karim Benali") is None


def open_vendeurs_as_karim(qtbot, window):
    tap(qtbot, window.home.sellers_button)
    assert window.rights_gate.pin_dialog.prompt.text().startswith("Karim n'est pas gérant")
    give_manager_pin(qtbot, window)
    qtbot.waitUntil(lambda: window.current_screen() is window.sellers_screen, timeout=2000)
    return window.sellers_screen
