"""Fichier > Mode formation…: the manager's code, then one question, then the switch (a JET event 550 / 551).

In mode formation every ticket says FORMATION, goes to its own chain and never counts in closures, grand totals
or HubRise payments. The demo (--demo) stays in it: the switch then says so and changes nothing.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMessageBox

from ...domain.rights import ProtectedAction
from ...services.fiscal import TrainingError
from ..widgets.question import yes_no_question

if TYPE_CHECKING:
    from ...services.registry import Services
    from ..widgets.rights_gate import ManagerPinDialog


class TrainingSwitchUi:
    def __init__(self, services: Services, window: Any) -> None:
        self.services, self.window = services, window
        self.pin_dialog: ManagerPinDialog | None = None
        self.question: QMessageBox | None = None
        self.info_box: QMessageBox | None = None
        window.register_screen_opener("training", self.open)

    @property
    def training(self) -> Any:
        return self.services.till.training

    def open(self) -> None:
        """The rights gate asks a manager's code (a second tap brings the same pad forward)."""
        self.pin_dialog = self.window.rights_gate.request(ProtectedAction.TRAINING_MODE, self.window.current_seller,
                                                          self._ask)

    def _ask(self, manager: Any) -> None:
        on = not self.training.active
        text = ("Passer la caisse en mode formation ? Les tickets porteront la mention FORMATION, n'auront "
                "aucune valeur fiscale et ne seront comptés dans aucune clôture." if on else
                "Quitter le mode formation ? Les tickets suivants seront de vraies ventes, signées au journal.")
        box = yes_no_question(self.window, "Mode formation", text,
                              "Oui, passer en formation" if on else "Oui, quitter la formation", "Non",
                              lambda: self._switch(on, manager))
        self.question = box
        box.open()

    def _switch(self, on: bool, manager: Any) -> None:
        try:
            self.training.switch(on, manager)
            text = "Mode formation activé." if on else "Mode formation désactivé : les ventes sont réelles."
        except TrainingError as exc:
            text = str(exc)
        except Exception as exc:  # noqa: BLE001 - StoreError: said in French, nothing changed
            text = getattr(exc, "message_fr", None) or "Le mode formation n'a pas pu être changé."
        self.window.till.refresh_training()
        box = QMessageBox(QMessageBox.Icon.Information, "Mode formation", text, QMessageBox.StandardButton.Ok,
                          self.window)
        self.info_box = box
        box.open()
