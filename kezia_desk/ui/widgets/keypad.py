"""The on-screen numeric keypad (quantities, amounts) and a small dialog built around it.

Touchscreen tills have no keyboard in reach, so numbers are tapped. The display stays an ordinary line edit:
a physical keyboard still works, and whatever is typed is checked by the caller, which answers in French.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from .touch import InlineMessage, TouchButton, fit_to_screen

KEY_SIZE = 64
DECIMAL_KEY = ","
CLEAR_KEY = "C"
BACKSPACE_KEY = "⌫"


class NumericKeypad(QWidget):
    """Digits, decimal comma, clear and backspace around a display; emits `text_changed`."""

    text_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, placeholder: str = "") -> None:
        super().__init__(parent)
        self.display = QLineEdit(self)
        self.display.setObjectName("keypadDisplay")
        self.display.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.display.setMinimumHeight(KEY_SIZE - 8)
        self.display.setPlaceholderText(placeholder)
        self.display.textChanged.connect(self.text_changed)
        self.keys: dict[str, TouchButton] = {}
        grid = QGridLayout()
        grid.setSpacing(6)
        rows = (("7", "8", "9"), ("4", "5", "6"), ("1", "2", "3"), (DECIMAL_KEY, "0", BACKSPACE_KEY))
        for row, keys in enumerate(rows):
            for column, key in enumerate(keys):
                grid.addWidget(self._key(key), row, column)
        clear = self._key(CLEAR_KEY)
        clear.setToolTip("Effacer")
        grid.addWidget(clear, 4, 0, 1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.display)
        layout.addLayout(grid)

    def _key(self, key: str) -> TouchButton:
        button = TouchButton(key, self, role="key", min_height=KEY_SIZE)
        button.setMinimumWidth(KEY_SIZE)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the display keeps the focus for a physical keyboard
        button.clicked.connect(lambda _checked=False, k=key: self.press(k))
        self.keys[key] = button
        return button

    def press(self, key: str) -> None:
        """Apply one key as if tapped (the buttons call this). Selected text (the value a dialog opens with, or a
        refused one) is replaced by the first key, as on a keyboard: « 12 » selected, 3 gives « 3 »."""
        text = self.display.text()
        if self.display.hasSelectedText():
            start = self.display.selectionStart()
            text = text[:start] + text[start + len(self.display.selectedText()):]
            if key == BACKSPACE_KEY:
                self.display.setText(text)
                return
        if key == CLEAR_KEY:
            text = ""
        elif key == BACKSPACE_KEY:
            text = text[:-1]
        elif key == DECIMAL_KEY:
            if DECIMAL_KEY not in text and "." not in text:
                text = (text or "0") + DECIMAL_KEY
        else:
            text = "" if text == "0" else text
            text += key
        self.display.setText(text)

    def text(self) -> str:
        return self.display.text().strip()

    def set_text(self, text: str) -> None:
        self.display.setText(text)

    def clear(self) -> None:
        self.display.clear()


class KeypadDialog(QDialog):
    """Asks one number on the keypad; `validate` turns the text into a value or raises with a French message.

    The dialog stays open on bad input, showing the message, so nothing typed is lost. Open it with open()
    (never exec() inside a coroutine) and read `value` in a slot connected to `accepted`.
    """

    def __init__(self, title: str, prompt: str, validate: Callable[[str], object], parent: QWidget | None = None,
                 *, initial: str = "", secret: bool = False) -> None:
        """`secret`: a code (PIN): typed as dots, digits only (no decimal comma to waste a try on)."""
        super().__init__(parent)
        self.setObjectName("keypadDialog")
        self.setWindowTitle(title)
        self.setModal(True)
        self._validate = validate
        self.value: object = None
        self.prompt = QLabel(prompt, self)
        self.prompt.setObjectName("dialogTitle")
        self.prompt.setWordWrap(True)
        self.keypad = NumericKeypad(self)
        self.keypad.set_text(initial)
        self.keypad.display.selectAll()
        if secret:
            self.keypad.display.setEchoMode(QLineEdit.EchoMode.Password)
            self.keypad.keys[DECIMAL_KEY].setEnabled(False)
        self.message = InlineMessage(self)
        self.ok_button = TouchButton("Valider", self, role="primary")
        self.cancel_button = TouchButton("Annuler", self)
        self.ok_button.clicked.connect(self.try_accept)
        self.cancel_button.clicked.connect(self.reject)
        self.keypad.display.returnPressed.connect(self.try_accept)
        self.keypad.text_changed.connect(lambda _t: self.message.clear_message())
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.keypad)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        # The keys never shrink below their touch size: the dialog grows to hold them instead.
        self.keypad.setMinimumHeight(self.keypad.minimumSizeHint().height())

    def showEvent(self, event: QShowEvent) -> None:  # Qt's name
        """Tall enough for a prompt wrapped on two lines and every key at its touch size."""
        super().showEvent(event)
        self._fit()
        fit_to_screen(self)

    def _fit(self) -> None:
        layout = self.layout()
        if layout is not None:
            layout.activate()
        needed = max(self.heightForWidth(self.width()), self.sizeHint().height())
        if needed > self.height():
            self.resize(self.width(), needed)

    def try_accept(self) -> None:
        """Validate; on a refusal say why and get the keypad ready for a new try: a hidden code (PIN) is cleared,
        a visible value is selected, so the next key starts afresh instead of appending to the refused text."""
        try:
            self.value = self._validate(self.keypad.text())
        except ValueError as exc:  # domain errors (TicketError, MoneyError, ArticleError) are ValueErrors
            if self.keypad.display.echoMode() == QLineEdit.EchoMode.Normal:
                self.keypad.display.selectAll()
            else:
                self.keypad.clear()
            self.message.show_error(str(exc))
            self._fit()  # the message takes room: the keys keep theirs, never covered
            return
        self.accept()
