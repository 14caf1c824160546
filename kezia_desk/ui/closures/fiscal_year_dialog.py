"""Fichier > Paramètres > Exercice fiscal… (manager PIN through the rights gate): the fiscal year's first month,
which decides when the annual closure (clôture d'exercice) is made. Twelve month buttons, « Enregistrer », «
Fermer ». A change is a fiscal settings change of the technical event log (JET 270), written with the setting.

Years already closed stay as they are: the next annual closure covers the days after the last one, up to the end
of the fiscal year under the new first month (the dialog says so before saving).
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QButtonGroup, QDialog, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...domain.rights import ProtectedAction
from ...domain.seller import Seller
from ...services.closures import MONTH_NAMES
from ..widgets.touch import InlineMessage, TouchButton

if TYPE_CHECKING:
    from ...services.closures import ClosureService
    from ..widgets.rights_gate import ManagerPinDialog

log = logging.getLogger(__name__)


class FiscalYearDialog(QDialog):
    def __init__(self, closures: ClosureService, manager: Seller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fiscalYearDialog")
        self.setWindowTitle("Exercice fiscal")
        self.closures, self.manager = closures, manager
        heading = QLabel("Premier mois de l'exercice fiscal", self)
        heading.setObjectName("dialogTitle")
        hint = QLabel("La clôture annuelle est faite par la première clôture Z de l'exercice suivant. Un "
                      "changement vaut à partir de la dernière clôture annuelle : les exercices déjà clôturés "
                      "restent tels quels. Il est noté au journal des événements techniques.", self)
        hint.setWordWrap(True)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.month_buttons: list[TouchButton] = []
        grid = QGridLayout()
        for index, name in enumerate(MONTH_NAMES):
            button = TouchButton(name.capitalize(), self, role="category")  # the chosen one stands out
            button.setCheckable(True)
            self.group.addButton(button, index + 1)
            grid.addWidget(button, index // 4, index % 4)
            self.month_buttons.append(button)
        self.month_buttons[closures.fiscal_year_first_month() - 1].setChecked(True)
        self.message = InlineMessage(self)
        self.save_button = TouchButton("Enregistrer", self, role="primary")
        self.close_button = TouchButton("Fermer", self, role="nav")
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(640, 360)

    def chosen_month(self) -> int:
        return self.group.checkedId()

    def save(self) -> None:
        month = self.chosen_month()
        try:
            changed = self.closures.set_fiscal_year_first_month(month, self.manager)
        except ValueError as exc:  # ClosureError: a French sentence
            self.message.show_error(str(exc))
            return
        except Exception as exc:  # StoreError: said, nothing changed
            log.exception("exercice fiscal non enregistré")
            self.message.show_error(getattr(exc, "message_fr", None) or "Le réglage n'a pas pu être enregistré.")
            return
        name = MONTH_NAMES[month - 1]
        if changed:
            self.message.show_success(f"L'exercice fiscal commence désormais en {name} (noté au journal des "
                                      "événements techniques).")
        else:
            self.message.show_info(f"L'exercice fiscal commence déjà en {name} : rien n'a changé.")


class FiscalYearUi:
    """Opener « fiscal_year »: a manager's code through the rights gate, then the dialog (one at a time)."""

    def __init__(self, closures: ClosureService, window: Any) -> None:
        self.closures, self.window = closures, window
        self.pin_dialog: ManagerPinDialog | None = None
        self.dialog: FiscalYearDialog | None = None

    def open(self) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()  # a second tap on the menu: the same dialog
            return
        self.pin_dialog = self.window.rights_gate.request(ProtectedAction.SETTINGS, self.window.current_seller,
                                                          self._open_dialog)

    def _open_dialog(self, manager: Seller) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            return
        self.dialog = FiscalYearDialog(self.closures, manager, self.window)
        self.dialog.open()
