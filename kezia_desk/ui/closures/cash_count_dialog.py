"""Comptage de caisse: the cash counted note by note and coin by coin (− / + keys), or a total typed at once.

Used for the opening float (fond de caisse), the count at Clôture Z and a corrected count. The dialog only
collects: `counted_cents` and `detail` (value in cents → how many) are read by whoever opened it.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...domain.money import Money, MoneyError, parse_typed_amount
from ..widgets.touch import FitsScreen, InlineMessage, TouchButton

NOTES = (50000, 20000, 10000, 5000, 2000, 1000, 500)
COINS = (200, 100, 50, 20, 10, 5, 2, 1)
ROWS = 5  # three columns of five: fits an 800×600 screen with 48 px keys


def denomination_label(cents: int) -> str:
    return f"{cents // 100} €" if cents >= 100 and cents % 100 == 0 else f"{cents} c"


class CashCountDialog(FitsScreen, QDialog):
    counted = Signal(int, object)  # cents, detail {value in cents: how many}

    def __init__(self, title: str, prompt: str, parent: QWidget | None = None, cancel_text: str = "Annuler") -> None:
        super().__init__(parent)
        self.setObjectName("cashCountDialog")
        self.setWindowTitle(title)
        self.setModal(True)
        self.counts: dict[int, int] = dict.fromkeys(NOTES + COINS, 0)
        self.count_edits: dict[int, QLineEdit] = {}
        self.plus_buttons: dict[int, TouchButton] = {}
        self.minus_buttons: dict[int, TouchButton] = {}
        self.counted_cents: int | None = None
        self.detail: dict[str, int] = {}
        heading = QLabel(title, self)
        heading.setObjectName("dialogTitle")
        self.prompt_label = QLabel(prompt, self)
        self.prompt_label.setWordWrap(True)
        grid = QGridLayout()
        grid.setVerticalSpacing(6)
        for index, cents in enumerate(NOTES + COINS):
            self._add_row(grid, index % ROWS, (index // ROWS) * 4, cents)
        self.total_edit = QLineEdit(self)
        self.total_edit.setObjectName("countTotal")
        self.total_edit.setPlaceholderText("ou tapez le total compté, ex. 152,30")
        self.total_edit.setMinimumHeight(48)
        self.total_edit.textChanged.connect(self._refresh)
        self.sum_label = QLabel(self)
        self.sum_label.setObjectName("countSum")
        self.message = InlineMessage(self)
        self.cancel_button = TouchButton(cancel_text, self)
        self.ok_button = TouchButton("Valider le comptage", self, role="primary")
        self.cancel_button.clicked.connect(self.reject)
        self.ok_button.clicked.connect(self.try_accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.prompt_label)
        layout.addLayout(grid)
        layout.addWidget(self.total_edit)
        layout.addWidget(self.sum_label)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._refresh()

    def _add_row(self, grid: QGridLayout, row: int, column: int, cents: int) -> None:
        label = QLabel(denomination_label(cents), self)
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        minus = TouchButton("−", self)
        plus = TouchButton("+", self)
        edit = QLineEdit("0", self)
        edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        edit.setFixedWidth(64)
        edit.setMinimumHeight(48)
        minus.clicked.connect(lambda: self.step(cents, -1))
        plus.clicked.connect(lambda: self.step(cents, 1))
        edit.textEdited.connect(lambda text: self._typed(cents, text))
        for offset, widget in enumerate((label, minus, edit, plus)):
            grid.addWidget(widget, row, column + offset)
        self.count_edits[cents], self.plus_buttons[cents], self.minus_buttons[cents] = edit, plus, minus

    def step(self, cents: int, delta: int) -> None:
        self.counts[cents] = max(0, self.counts[cents] + delta)
        self.count_edits[cents].setText(str(self.counts[cents]))
        self._refresh()

    def _typed(self, cents: int, text: str) -> None:
        self.counts[cents] = int(text) if text.isascii() and text.isdigit() and len(text) <= 5 else 0
        self._refresh()

    def pieces_total(self) -> int:
        return sum(cents * count for cents, count in self.counts.items())

    def _refresh(self) -> None:
        self.message.clear_message()
        typed = self.total_edit.text().strip()
        source = "total tapé" if typed else "billets et pièces"
        self.sum_label.setText(f"Compté ({source}) : " + (typed + " €" if typed else
                                                         Money.from_cents(self.pieces_total()).format_fr()))

    def try_accept(self) -> None:
        if self.counted_cents is not None:
            return  # the second tap of a double tap on « Valider »: the count is given once
        typed = self.total_edit.text().strip()
        if typed:
            try:
                cents = parse_typed_amount(typed).cents
            except MoneyError as exc:
                self.message.show_error(str(exc))
                return
            detail: dict[str, int] = {}
        else:
            cents = self.pieces_total()
            detail = {str(value): count for value, count in self.counts.items() if count}
        self.counted_cents, self.detail = cents, detail
        self.counted.emit(cents, detail)
        self.accept()
