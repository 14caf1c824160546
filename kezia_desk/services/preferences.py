"""Personnalisation (Paramètres Web): the web-order preferences, checked and kept in the settings table.

Every reader (poller, order actions, alert sound, COMMANDES) reads the setting when it needs it, and the settings
service notifies listeners on change, so nothing needs a restart.
"""
from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ..domain.bounds import within_bounds
from ..domain.invoice import DEFAULT_UNKNOWN_RATE
from ..domain.order import OrderStatus
from .reception import AUTO_RECEIVED_SETTING, DEFAULT_INTERVAL, POLL_INTERVAL_SETTING, POLL_RANGE

if TYPE_CHECKING:
    from .settings import SettingsService


TAKE_CHARGE_SETTING = "web.take_charge_status"
SEND_MODE_SETTING = "web.send_mode"
SEND_NONE, SEND_WEB_CLIENT = "aucun", "client_web"
SEND_MODES = ((SEND_NONE, "Aucun"), (SEND_WEB_CLIENT, "Client web"))
ALERT_SOUND_SETTING = "web.alert_sound"
ALERT_REPEAT_SETTING = "web.alert_repeat_seconds"
DEFAULT_ALERT_REPEAT = 8
REPEAT_RANGE = (0, 120)  # 0: the chime plays once
TAKE_CHARGE_CHOICES = (OrderStatus.ACCEPTED, OrderStatus.IN_PREPARATION, OrderStatus.AWAITING_SHIPMENT,
                       OrderStatus.AWAITING_COLLECTION, OrderStatus.IN_DELIVERY)
AFTER_INVOICE_SETTING = "web.after_invoice_status"
AFTER_INVOICE_UNCHANGED = "inchange"
AFTER_INVOICE_CHOICES = ((AFTER_INVOICE_UNCHANGED, "inchangé"), (OrderStatus.COMPLETED.value, "Terminée"))
UNKNOWN_VAT_SETTING = "web.unknown_line_vat_rate"
UNKNOWN_VAT_CHOICES = (Decimal("5.5"), Decimal("10"), Decimal("20"))
KIOSK_SETTING = "till.kiosk"
ON_SCREEN_KEYBOARD_SETTING = "till.on_screen_keyboard"


class PreferenceError(ValueError):
    """A value the settings refuse; the message is French."""


class Preferences:
    def __init__(self, settings: SettingsService) -> None:
        self.settings = settings

    # --- Envoi des commandes Kezia -----------------------------------------------------------------------
    @property
    def send_mode(self) -> str:
        value = self.settings.get(SEND_MODE_SETTING, SEND_NONE)
        return value if value in dict(SEND_MODES) else SEND_NONE

    def set_send_mode(self, mode: str) -> None:
        if mode not in dict(SEND_MODES):
            raise PreferenceError(f"Mode d'envoi inconnu : {mode}.")
        self.settings.set(SEND_MODE_SETTING, mode)

    # --- reception ---------------------------------------------------------------------------------------
    def _bounded(self, key: str, default: int, bounds: tuple[int, int]) -> int:
        """A stored number brought back within its bounds (an odd value in the table never breaks the till)."""
        return within_bounds(self.settings.get(key, default), default, bounds)

    def _set_bounded(self, key: str, value: int, bounds: tuple[int, int], error: str) -> None:
        if not bounds[0] <= int(value) <= bounds[1]:
            raise PreferenceError(error)
        self.settings.set(key, int(value))

    @property
    def poll_interval(self) -> int:
        return self._bounded(POLL_INTERVAL_SETTING, int(DEFAULT_INTERVAL), POLL_RANGE)

    def set_poll_interval(self, seconds: int) -> None:
        self._set_bounded(POLL_INTERVAL_SETTING, seconds, POLL_RANGE,
                          f"L'intervalle de relève doit être entre {POLL_RANGE[0]} et {POLL_RANGE[1]} s.")

    @property
    def auto_received(self) -> bool:
        return bool(self.settings.get(AUTO_RECEIVED_SETTING, True))

    def set_auto_received(self, value: bool) -> None:
        self.settings.set(AUTO_RECEIVED_SETTING, bool(value))

    @property
    def take_charge_status(self) -> OrderStatus:
        status = OrderStatus.parse(self.settings.get(TAKE_CHARGE_SETTING))
        return status if status in TAKE_CHARGE_CHOICES else OrderStatus.IN_PREPARATION

    def set_take_charge_status(self, status: OrderStatus) -> None:
        if status not in TAKE_CHARGE_CHOICES:
            raise PreferenceError(f"« {status.label} » ne peut pas être le statut de « Prendre en charge ».")
        self.settings.set(TAKE_CHARGE_SETTING, status.value)

    # --- alert -------------------------------------------------------------------------------------------
    @property
    def alert_sound(self) -> bool:
        return bool(self.settings.get(ALERT_SOUND_SETTING, True))

    def set_alert_sound(self, value: bool) -> None:
        self.settings.set(ALERT_SOUND_SETTING, bool(value))

    @property
    def alert_repeat_seconds(self) -> int:
        return self._bounded(ALERT_REPEAT_SETTING, DEFAULT_ALERT_REPEAT, REPEAT_RANGE)

    def set_alert_repeat_seconds(self, seconds: int) -> None:
        self._set_bounded(ALERT_REPEAT_SETTING, seconds, REPEAT_RANGE,
                          "La répétition du son doit être entre 0 (une fois) et 120 s.")

    # --- Facturer ----------------------------------------------------------------------------------------
    @property
    def after_invoice_status(self) -> OrderStatus | None:
        """« Après facturation »: None keeps the order's status (Prendre en charge comes next, as in Kezia II's
        manual); Terminée for shops that hand the order over when it is paid."""
        value = self.settings.get(AFTER_INVOICE_SETTING, AFTER_INVOICE_UNCHANGED)
        return OrderStatus.COMPLETED if value == OrderStatus.COMPLETED.value else None

    def set_after_invoice_status(self, value: str) -> None:
        if value not in dict(AFTER_INVOICE_CHOICES):
            raise PreferenceError(f"Choix « Après facturation » inconnu : {value}.")
        self.settings.set(AFTER_INVOICE_SETTING, value)

    @property
    def unknown_line_vat_rate(self) -> Decimal:
        """The VAT rate of a web line with no till article (chosen once by the manager; 10 % by default)."""
        try:
            rate = Decimal(str(self.settings.get(UNKNOWN_VAT_SETTING, DEFAULT_UNKNOWN_RATE)))
        except ArithmeticError:
            return DEFAULT_UNKNOWN_RATE
        return rate if rate in UNKNOWN_VAT_CHOICES else DEFAULT_UNKNOWN_RATE

    def set_unknown_line_vat_rate(self, rate: Decimal) -> None:
        if Decimal(rate) not in UNKNOWN_VAT_CHOICES:
            raise PreferenceError(f"Taux de TVA non proposé : {rate} %.")
        self.settings.set(UNKNOWN_VAT_SETTING, str(Decimal(rate)))

    # --- Écran tactile -----------------------------------------------------------------------------------
    @property
    def kiosk(self) -> bool:
        """Full screen from the start, left only with the manager's PIN (a till nobody should leave by mistake)."""
        return bool(self.settings.get(KIOSK_SETTING, False))

    def set_kiosk(self, value: bool) -> None:
        self.settings.set(KIOSK_SETTING, bool(value))

    @property
    def on_screen_keyboard(self) -> bool:
        """The till's own keyboard under text fields; off where a real keyboard is plugged in."""
        return bool(self.settings.get(ON_SCREEN_KEYBOARD_SETTING, True))

    def set_on_screen_keyboard(self, value: bool) -> None:
        self.settings.set(ON_SCREEN_KEYBOARD_SETTING, bool(value))
