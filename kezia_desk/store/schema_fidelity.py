"""Schema of HubRise fidelity (migrations 600–699).

600: the customers' phones saved before the till checked them are rewritten in E.164 (HubRise's customers page:
"The E.164 format must be used for any new implementation"); a number that cannot be read stays as typed, and is
left out of what the till sends (see hubrise.mapping.customer_to_payload).
"""
from __future__ import annotations

import sqlite_utils

from ..domain.phone import to_e164_or_none
from .migrations import Migration


def _phones_to_e164(db: sqlite_utils.Database) -> None:
    from .customers import CustomerStore

    store = CustomerStore(db)
    for row in list(db.query("SELECT id, phone FROM customers WHERE phone IS NOT NULL AND phone != ''")):
        e164 = to_e164_or_none(row["phone"])
        if e164 is not None and e164 != row["phone"]:
            store.set_phone(row["id"], e164)


MIGRATIONS = [Migration(600, "clients : téléphones au format E.164", _phones_to_e164)]
