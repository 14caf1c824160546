"""ARTICLES: list with the IDART column, search, create and edit (a manager's PIN first), French validation."""
from __future__ import annotations

from kd_fixtures.sellers import double_tap, give_manager_pin, tap_pin
from kd_fixtures.till import open_till, tap
from PySide6.QtCore import Qt

from kezia_desk.domain.money import Money
from kezia_desk.ui.articles.articles_model import ArticlesTableModel


def column_texts(screen, column: int) -> list[str]:
    model = screen.model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def open_articles(qtbot, window):
    tap(qtbot, window.home.articles_button)
    assert window.current_screen() is window.articles
    return window.articles


def test_list_shows_idart_first_and_every_article(qtbot, window):
    screen = open_articles(qtbot, window)
    headers = [screen.model.headerData(c, Qt.Orientation.Horizontal) for c in range(screen.model.columnCount())]
    assert headers == ["IDART", "Nom", "Catégorie", "Prix TTC", "TVA", "Option", "Actif"]
    assert not screen.table.isColumnHidden(ArticlesTableModel.IDART)
    assert len(column_texts(screen, 0)) == len(window.services.catalog.list_articles())
    row = column_texts(screen, 0).index("1022")
    assert screen.model.index(row, ArticlesTableModel.NAME).data() == "Quatre fromages Moyenne"
    assert screen.model.index(row, ArticlesTableModel.PRICE).data() == "12,50\u00a0€"
    assert screen.model.index(row, ArticlesTableModel.VAT).data() == "10 %"


def test_search_filters_the_list(qtbot, window):
    screen = open_articles(qtbot, window)
    qtbot.keyClicks(screen.search_edit, "regina")
    assert sorted(column_texts(screen, ArticlesTableModel.IDART)) == ["1011", "1012", "1013"]
    assert screen.count_label.text() == "3 articles"
    screen.search_edit.clear()
    assert len(column_texts(screen, 0)) == len(window.services.catalog.list_articles())


def test_new_article_refuses_a_negative_price_then_is_created_and_sold(qtbot, window):
    screen = open_articles(qtbot, window)
    tap(qtbot, screen.new_button)
    give_manager_pin(qtbot, window)
    dialog = screen.dialog
    assert dialog.isVisible() and dialog.idart_label.text() == "attribué à l'enregistrement"
    qtbot.keyClicks(dialog.name_edit, "Pizza du chef")
    dialog.category_box.setCurrentText("Pizzas")
    qtbot.keyClicks(dialog.price_edit, "-3")
    tap(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.message.text() == "Le prix d'un article ne peut pas être négatif."
    assert dialog.name_edit.text() == "Pizza du chef", "nothing typed is lost"
    dialog.price_edit.clear()
    qtbot.keyClicks(dialog.price_edit, "douze")
    tap(qtbot, dialog.save_button)
    assert dialog.isVisible() and dialog.message.level == "error" and dialog.message.text()
    dialog.price_edit.clear()
    qtbot.keyClicks(dialog.price_edit, "13,90")
    tap(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    created = dialog.saved_article
    assert created.idart is not None and created.idart >= 9002
    stored = window.services.catalog.get(created.idart)
    assert (stored.name, stored.price, stored.category) == ("Pizza du chef", Money.of("13.90"), "Pizzas")
    assert str(created.idart) in column_texts(screen, ArticlesTableModel.IDART)
    assert screen.selected_article().idart == created.idart
    assert f"IDART {created.idart}" in screen.message.text()
    tap(qtbot, screen.back_button)
    open_till(qtbot, window)
    assert window.till.products.button_for(created.idart) is not None, "the till shows the new article"


def test_empty_name_is_refused(qtbot, window):
    screen = open_articles(qtbot, window)
    tap(qtbot, screen.new_button)
    give_manager_pin(qtbot, window)
    qtbot.keyClicks(screen.dialog.price_edit, "2")
    tap(qtbot, screen.dialog.save_button)
    assert screen.dialog.isVisible() and "nom" in screen.dialog.message.text().lower()


def test_edit_changes_price_and_keeps_idart(qtbot, window):
    screen = open_articles(qtbot, window)
    tap(qtbot, screen.edit_button)
    assert screen.message.text() == "Sélectionnez d'abord un article dans la liste."
    screen.select_idart(2001)
    tap(qtbot, screen.edit_button)
    give_manager_pin(qtbot, window)
    dialog = screen.dialog
    assert dialog.idart_label.text() == "2001" and dialog.price_edit.text() == "2,50"
    dialog.price_edit.clear()
    qtbot.keyClicks(dialog.price_edit, "2,70")
    tap(qtbot, dialog.save_button)
    assert window.services.catalog.get(2001).price == Money.of("2.70")
    row = column_texts(screen, ArticlesTableModel.IDART).index("2001")
    assert screen.model.index(row, ArticlesTableModel.PRICE).data() == "2,70\u00a0€"


def test_changing_articles_needs_a_manager_once_per_visit(qtbot, window):
    screen = open_articles(qtbot, window)
    tap(qtbot, screen.new_button)
    pin_pad = window.rights_gate.pin_dialog
    assert pin_pad.prompt.text() == "Seul un gérant peut modifier les articles et les prix : code gérant ?"
    tap_pin(qtbot, pin_pad.keypad, "1111")
    tap(qtbot, pin_pad.ok_button)
    assert pin_pad.message.text() == "Code gérant erroné : encore 2 essais." and screen.dialog is None
    tap(qtbot, pin_pad.cancel_button)
    assert screen.dialog is None and window.current_screen() is screen  # refused: no form, the list stays
    double_tap(qtbot, screen.new_button)  # one PIN pad, not two
    assert [d for d in window.findChildren(type(pin_pad)) if d.isVisible()] == [window.rights_gate.pin_dialog]
    give_manager_pin(qtbot, window)
    assert screen.dialog.isVisible()
    assert screen.message.text() == ("Modifications autorisées par Sophie (gérante) jusqu'au retour à "
                                     "l'accueil.")
    screen.dialog.reject()
    screen.select_idart(2001)
    tap(qtbot, screen.edit_button)  # the same visit: no PIN again
    assert screen.dialog.isVisible() and not window.rights_gate.pin_dialog.isVisible()
    screen.dialog.reject()
    tap(qtbot, screen.back_button)
    open_articles(qtbot, window)
    tap(qtbot, screen.new_button)  # a new visit: the PIN again
    assert window.rights_gate.pin_dialog.isVisible() and not screen.dialog.isVisible()
