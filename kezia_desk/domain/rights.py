"""What only a manager may do at the till: the protected actions, each with the French words a refusal uses.

One enum for every screen (and for helpers to come: refunds, the Z, training mode, leaving kiosk mode), so a
refusal, a PIN prompt and the technical event log always name an action the same way. The values are stable
codes written to the logs: never rename one.
"""
from __future__ import annotations

from enum import Enum


class ProtectedAction(Enum):
    ARTICLES = "articles"
    CANCEL_PAID_TICKET = "cancel_paid_ticket"
    REFUND = "refund"
    Z_CLOSURE = "z_closure"
    TRAINING_MODE = "training_mode"
    SETTINGS = "settings"
    SELLERS = "sellers"
    LEAVE_KIOSK = "leave_kiosk"

    @property
    def label(self) -> str:
        """The action as a French infinitive phrase: « … demande un gérant pour <label> »."""
        return _LABELS[self]


_LABELS = {
    ProtectedAction.ARTICLES: "modifier les articles et les prix",
    ProtectedAction.CANCEL_PAID_TICKET: "annuler un ticket qui a des règlements",
    ProtectedAction.REFUND: "rembourser",
    ProtectedAction.Z_CLOSURE: "faire la clôture Z",
    ProtectedAction.TRAINING_MODE: "changer le mode formation",
    ProtectedAction.SETTINGS: "ouvrir les Paramètres",
    ProtectedAction.SELLERS: "gérer les vendeurs",
    ProtectedAction.LEAVE_KIOSK: "quitter le plein écran",
}
