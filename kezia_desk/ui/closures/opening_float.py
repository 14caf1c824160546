"""The opening float (fond de caisse) asked when the till opens: after the seller choice, on a day with no float
and no Z yet, the cash count dialog asks the seller to count it (notes and coins, or a total).

It never blocks selling: the dialog is not modal and shows without taking the keyboard (a barcode scanner keeps
typing into the till), and « Passer » says what skipping means — today's Z will expect no float in the drawer, and
the float can still be counted later from Clôtures > Fond de caisse. A skip is remembered for the day while the
program runs, so changing seller does not ask again. Not asked in mode formation (a training session makes no
real record of the drawer).
"""
from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from ...domain.seller import Seller
from ...services.closures import local_day

if TYPE_CHECKING:
    from .cash_count_dialog import CashCountDialog

log = logging.getLogger(__name__)
SKIP_TEXT = "Passer (pas de fond)"
SKIPPED_MESSAGE = ("Fond de caisse non compté : la clôture Z attendra 0,00\u00a0€ de fond dans le tiroir, seulement "
                   "les espèces encaissées. Vous pouvez le compter plus tard dans Clôtures > Fond de caisse.")


class OpeningFloat:
    def __init__(self, services: Any, window: Any) -> None:
        self.services, self.window = services, window
        self.dialog: CashCountDialog | None = None
        self.skipped_on: date | None = None

    def offer(self, seller: Seller) -> None:
        """Called when a seller opens the till; any failure is logged and the till stays as it is."""
        closures = self.services.closures
        if self.services.till.training_active:
            return
        if self.dialog is not None and self.dialog.isVisible():
            return  # already asked (a seller change while the count is open): the same dialog goes on
        try:
            today = local_day(closures.clock())
            if self.skipped_on == today or not closures.opening_float_missing():
                return
        except Exception:  # StoreError: the till opens anyway, the float can wait
            log.exception("fond de caisse : lecture impossible")
            return
        from .cash_count_dialog import CashCountDialog  # built the first time only: start-up stays light

        prompt = (f"{seller.name} : comptez le fond de caisse de l'ouverture (billets et pièces, ou le total). "
                  "«\u00a0Passer\u00a0» : la clôture Z n'attendra aucun fond dans le tiroir (0,00\u00a0€ de plus).")
        dialog = CashCountDialog("Fond de caisse", prompt, self.window, cancel_text=SKIP_TEXT)
        dialog.setModal(False)
        dialog.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        dialog.counted.connect(lambda cents, detail: self._save(seller, cents, detail))
        dialog.rejected.connect(lambda: self._skipped(today))
        self.dialog = dialog
        dialog.show()

    def _save(self, seller: Seller, cents: int, detail: dict) -> None:
        try:
            count = self.services.closures.set_float(seller, cents, detail)
        except Exception as exc:  # StoreError: said, selling goes on
            log.exception("fond de caisse non enregistré")
            self._say(getattr(exc, "message_fr", None) or "Le fond de caisse n'a pas pu être enregistré.")
            return
        from .closure_html import money

        self._say(f"Fond de caisse du jour : {money(count.cents)}, compté par {seller.name}.")

    def _skipped(self, today: date) -> None:
        if self.skipped_on == today:
            return  # a double tap on « Passer »: said once
        self.skipped_on = today
        self._say(SKIPPED_MESSAGE)

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 20_000)
