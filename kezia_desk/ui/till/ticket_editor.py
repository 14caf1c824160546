"""The till's ticket lines as the cashier edits them: select a line, Quantité, +1 / −1, Supprimer, a new article.

TillScreen's base class: it holds the rules of editing a ticket in progress (lines frozen once payments are
entered, an unusual quantity confirmed, every refusal said on the screen and the draft left as it was), so the
till screen itself keeps the layout, the seller, the payments and the recording.
"""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMessageBox, QTableView, QWidget

from ...domain.catalog import Article
from ...domain.ticket import LARGE_QUANTITY, TicketDraft, TicketError, parse_quantity
from ..widgets.keypad import KeypadDialog
from ..widgets.question import yes_no_question
from ..widgets.touch import InlineMessage
from .ticket_model import TicketTableModel, format_quantity


class TicketEditor(QWidget):
    """What the subclass builds: `model` (the draft's table model), `ticket_view` and `message`; it shows the
    ticket again in `_refresh_ticket`."""

    model: TicketTableModel
    ticket_view: QTableView
    message: InlineMessage
    quantity_dialog: KeypadDialog | None = None
    quantity_box: QMessageBox | None = None

    @property
    def draft(self) -> TicketDraft:
        return self.model.draft

    def _refresh_ticket(self, select: int | None = None) -> None:
        raise NotImplementedError

    def _build_ticket_view(self, parent: QWidget) -> QTableView:
        """The ticket's lines: one selected at a time, never edited in place, long labels wrapped."""
        view = QTableView(parent)
        view.setObjectName("ticketView")
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(40)
        # A long label (« Remise Code BIENVENUE (TVA 10 %) » of an invoiced web order) wraps on as many lines as
        # it needs instead of losing its end; tickets are short, measuring their rows costs nothing.
        view.verticalHeader().setMinimumSectionSize(40)
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.setWordWrap(True)
        view.horizontalHeader().sectionResized.connect(
            lambda *_: view.resizeRowsToContents())  # a narrower column: more lines
        header = view.horizontalHeader()
        header.setSectionResizeMode(TicketTableModel.ARTICLE, QHeaderView.ResizeMode.Stretch)
        for column in (TicketTableModel.QUANTITY, TicketTableModel.UNIT_PRICE, TicketTableModel.TOTAL):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        return view

    def selected_row(self) -> int | None:
        rows = self.ticket_view.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.ticket_view.selectRow(row)

    def _editable(self) -> bool:
        """Lines are frozen once payments are entered, so a paid amount can never exceed the new total."""
        if self.draft.payments and not self.draft.till_payments:
            self.message.show_error("Cette commande a déjà été payée en partie en ligne : ses lignes ne "
                                    "se modifient pas à la caisse.")
            return False
        if self.draft.payments:
            self.message.show_error("Des règlements sont déjà saisis : annulez-les (Règlement > "
                                    "Annuler les règlements) avant de modifier le ticket.")
            return False
        return True

    def add_article(self, article: Article) -> None:
        if not self._editable():
            return
        try:
            line = self.draft.add_article(article)
        except TicketError as exc:
            self.message.show_error(str(exc))
            return
        self.message.clear_message()
        self._refresh_ticket()
        self.select_row(self.draft.lines.index(line))

    def _selected_or_warn(self) -> int | None:
        row = self.selected_row()
        if row is None:
            self.message.show_error("Sélectionnez d'abord une ligne du ticket.")
        return row

    def change_quantity_by(self, step: int) -> None:
        row = self._selected_or_warn()
        if row is None or not self._editable():
            return
        try:
            self.draft.set_quantity(row, self.draft.lines[row].quantity + step)
        except TicketError as exc:
            hint = " Pour retirer la ligne, touchez Supprimer." if step < 0 else ""
            self.message.show_error(str(exc) + hint)
            return
        self.message.clear_message()
        self._refresh_ticket(row)

    def ask_quantity(self) -> None:
        row = self._selected_or_warn()
        if row is None or not self._editable():
            return
        line = self.draft.lines[row]
        dialog = KeypadDialog("Quantité", f"Quantité pour « {line.label} »",
                              parse_quantity, self, initial=format_quantity(line.quantity))
        dialog.accepted.connect(lambda: self._apply_quantity(row, dialog))
        self.quantity_dialog = dialog
        dialog.open()

    def _apply_quantity(self, row: int, dialog: KeypadDialog) -> None:
        quantity = dialog.value
        assert isinstance(quantity, Decimal)
        if quantity > LARGE_QUANTITY and row < len(self.draft.lines):
            line = self.draft.lines[row]
            box = yes_no_question(self, "Quantité inhabituelle",
                                  f"{format_quantity(quantity)} × « {line.label} » = "
                                  f"{(line.unit_price * quantity).format_fr()}. C'est plus de "
                                  f"{LARGE_QUANTITY} : confirmer cette quantité ?",
                                  "Oui, confirmer", "Non, corriger", lambda: self._set_quantity(row, quantity))
            self.quantity_box = box
            box.open()
            return
        self._set_quantity(row, quantity)

    def _set_quantity(self, row: int, quantity: Decimal) -> None:
        try:
            self.draft.set_quantity(row, quantity)
        except TicketError as exc:
            self.message.show_error(str(exc))
            return
        self.message.clear_message()
        self._refresh_ticket(row)

    def remove_selected_line(self) -> None:
        row = self._selected_or_warn()
        if row is None or not self._editable():
            return
        self.draft.remove_line(row)
        self.message.clear_message()
        self._refresh_ticket(min(row, len(self.draft.lines) - 1))
