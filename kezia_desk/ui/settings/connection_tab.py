"""Paramètres Web > Connexion: connect the till to HubRise (or to a sandbox for training) with a pasted code,
disconnect, open the back office. The token is never shown in full."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QButtonGroup, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...domain.errors import UserFacingError
from ...services.connection import Platform
from ..widgets.async_task import french_message, run_task
from ..widgets.touch import InlineMessage, TouchButton

if TYPE_CHECKING:  # the services bundle the composition root gives every screen
    from ...services.connection import ConnectionState, Platform
    from ...services.registry import Services


def open_in_browser(url: str) -> bool:
    """The system browser (replaced in the tests, which read the sandbox's page themselves)."""
    return QDesktopServices.openUrl(QUrl(url))


class ConnectionTab(QWidget):
    def __init__(self, services: Services, sandbox_url: str, production: Callable[[], Platform],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.connection, self.production = services.connection, production
        self.busy = False

        current = QGroupBox("Connexion actuelle", self)
        form = QFormLayout(current)
        self.fields: dict[str, QLabel] = {}
        for key, label in (("platform", "Plateforme"), ("account_name", "Compte"),
                           ("location_name", "Établissement"), ("catalog_name", "Catalogue"),
                           ("customer_list_name", "Liste de clients"), ("masked_token", "Jeton"),
                           ("token_storage", "Jeton conservé dans")):
            value = QLabel("—", current)
            value.setWordWrap(True)
            value.setObjectName(f"connection_{key}")
            form.addRow(label + " :", value)
            self.fields[key] = value

        target = QGroupBox("Nouvelle connexion", self)
        target_layout = QVBoxLayout(target)
        choice = QHBoxLayout()
        self.hubrise_choice = TouchButton("HubRise", target, role="category")
        self.sandbox_choice = TouchButton("Bac à sable (formation)", target, role="category")
        self.choice_group = QButtonGroup(self)
        for button in (self.hubrise_choice, self.sandbox_choice):
            button.setCheckable(True)
            self.choice_group.addButton(button)
            choice.addWidget(button)
        self.hubrise_choice.setChecked(True)
        self.sandbox_url = QLineEdit(sandbox_url, target)
        self.sandbox_url.setMinimumHeight(48)
        self.sandbox_url.setPlaceholderText("http://127.0.0.1:8765")
        choice.addWidget(self.sandbox_url, 1)
        self.start_button = TouchButton("Nouvelle connexion à HubRise", target, role="primary")
        self.start_button.clicked.connect(self.start)
        self.authorize_url = QLineEdit(target)
        self.authorize_url.setReadOnly(True)
        self.authorize_url.setPlaceholderText("L'adresse de connexion s'affiche ici si le navigateur ne "
                                                      "s'ouvre pas.")
        self.code = QLineEdit(target)
        self.code.setMinimumHeight(48)
        self.code.setPlaceholderText("Collez ici le code affiché par HubRise")
        self.code.returnPressed.connect(self.validate_code)
        self.validate_button = TouchButton("Valider le code", target, role="primary")
        self.validate_button.clicked.connect(self.validate_code)
        code_row = QHBoxLayout()
        code_row.addWidget(self.code, 1)
        code_row.addWidget(self.validate_button)
        target_layout.addLayout(choice)
        target_layout.addWidget(self.start_button)
        target_layout.addWidget(self.authorize_url)
        target_layout.addLayout(code_row)

        self.disconnect_button = TouchButton("Déconnexion", self, role="danger")
        self.disconnect_button.clicked.connect(self.disconnect_from_hubrise)
        self.back_office_button = TouchButton("Accéder à HubRise", self, role="nav")
        self.back_office_button.clicked.connect(self.open_back_office)
        bottom = QHBoxLayout()
        bottom.addWidget(self.disconnect_button)
        bottom.addWidget(self.back_office_button)
        self.message = InlineMessage(self)
        layout = QVBoxLayout(self)
        layout.addWidget(current)
        layout.addWidget(target)
        layout.addLayout(bottom)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        state = self.connection.state()
        for key, label in self.fields.items():
            value = getattr(state, key, "") if state.connected or key == "token_storage" else ""
            label.setText(str(value) if value else "—")
        if not state.connected:
            self.fields["platform"].setText("non connecté")
        self.disconnect_button.setEnabled(state.connected and not self.busy)
        self.back_office_button.setEnabled(state.connected and bool(state.back_office_url))

    def platform(self) -> Platform:
        if self.sandbox_choice.isChecked():
            return self.connection.sandbox(self.sandbox_url.text())
        return self.production()

    def start(self) -> None:
        """Open HubRise's authorisation page; HubRise then shows the code to paste."""
        try:
            platform = self.platform()
        except (UserFacingError, ValueError) as error:
            self.message.show_error(french_message(error, "Adresse refusée."))
            return
        self._platform = platform
        url = self.connection.authorize_url(platform)
        self.authorize_url.setText(url)
        open_in_browser(url)
        self.code.setFocus()
        self.message.show_info("Connectez-vous dans le navigateur, choisissez l'établissement, puis collez "
                                       "le code affiché ci-dessous.")

    def validate_code(self) -> None:
        platform = getattr(self, "_platform", None)
        if platform is None:
            self.message.show_error("Commencez par « Nouvelle connexion à HubRise ».")
            return
        self._set_busy(True)
        self.message.show_info("Connexion en cours…")
        run_task(self.connection.complete(platform, self.code.text()), self._connected, self._failed)

    def _connected(self, state: ConnectionState) -> None:
        self._set_busy(False)
        self.code.clear()
        self.refresh()
        self.message.show_success(f"Connecté à {state.platform} : {state.account_name or '—'}, "
                                  f"établissement {state.location_name or '—'}.")

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.refresh()
        self.message.show_error(french_message(error, "La connexion à HubRise a échoué."))

    def disconnect_from_hubrise(self) -> None:  # not `disconnect`: that is QObject's, which Qt calls itself
        self._set_busy(True)
        run_task(self.connection.disconnect(self.connection.platform_of_current()), self._disconnected,
                 self._failed)

    def _disconnected(self, warning: str | None) -> None:
        self._set_busy(False)
        self.refresh()
        if warning:
            self.message.show_error(warning)
        else:
            self.message.show_success("Déconnecté : la caisse ne relève plus les commandes web.")

    def open_back_office(self) -> None:
        url = self.connection.state().back_office_url
        if url:
            open_in_browser(url)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for button in (self.start_button, self.validate_button, self.disconnect_button):
            button.setEnabled(not busy)
