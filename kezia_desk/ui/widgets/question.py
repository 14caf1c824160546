"""A yes/no question with French answers on its buttons, shown without blocking (the caller opens it)."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget


def yes_no_question(parent: QWidget | None, title: str, text: str, yes: str, no: str,
                    on_yes: Callable[[], object]) -> QMessageBox:
    """The box is returned unopened: callers keep it (tests tap its buttons) and call open(), never exec()
    inside a coroutine (asyncio would freeze)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.button(QMessageBox.StandardButton.Yes).setText(yes)
    box.button(QMessageBox.StandardButton.No).setText(no)
    box.accepted.connect(on_yes)
    return box
