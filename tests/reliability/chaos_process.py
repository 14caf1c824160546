"""One process of the chaos test, built by the composition root (kezia_desk.app.build_app) like the till itself.

    python chaos_process.py till DATA_DIR API_URL SEED     the till: polls HubRise, sends the outbox
    python chaos_process.py cashier DATA_DIR API_URL SEED  a cashier on the same database: accepts, takes charge,
                                                           invoices (Facturer) random orders, until killed

The token comes from KEZIA_DESK_HUBRISE_TOKEN. Polling and back-off are fast, as in the tests' FAST settings.
"""
from __future__ import annotations

import asyncio
import os
import random
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")


async def cashier(kezia, rng: random.Random) -> None:
    from kezia_desk.domain.order import OrderStatus
    from kezia_desk.domain.ticket import PaymentMethod

    services = kezia.services
    seller = services.sellers.list_sellers()[1]
    while True:
        await asyncio.sleep(rng.uniform(0.05, 0.25))
        try:
            orders = [o for o in services.web_orders.list_orders("toutes") if not o.status.is_final]
            if not orders:
                continue
            order = rng.choice(orders)
            roll = rng.random()
            if order.status in (OrderStatus.NEW, OrderStatus.RECEIVED) and roll < 0.6:
                services.order_actions.accept(order.local_id, seller, rng.choice((0, 10, 20)))
                print("accept", order.hubrise_id, flush=True)
            elif order.status is OrderStatus.ACCEPTED and roll < 0.6:
                services.order_actions.take_charge(order.local_id, seller)
                print("take_charge", order.hubrise_id, flush=True)
            elif order.status is not OrderStatus.NEW and not order.is_paid and roll < 0.9:
                draft = services.invoicing.prepare(order.local_id)
                if draft.remaining.amount <= 0:
                    continue
                draft.add_payment(rng.choice((PaymentMethod.CASH, PaymentMethod.CARD)), draft.remaining)
                ticket = services.invoicing.invoice(order.local_id, draft, seller)
                print("invoice", order.hubrise_id, ticket.number, flush=True)
        except Exception as exc:  # noqa: BLE001 - a refused action (already paid, database busy…) is retried later
            print("refused", type(exc).__name__, flush=True)


def main() -> int:
    role, data_dir, api_url, seed = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    import qasync
    from PySide6.QtWidgets import QApplication

    from kezia_desk.app import build_app
    from kezia_desk.config import AppConfig

    qt_app = QApplication(sys.argv[:1])
    loop = qasync.QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    config = AppConfig(data_dir=data_dir, api_url=api_url, hubrise_token=os.environ["KEZIA_DESK_HUBRISE_TOKEN"],
                       poll_interval=0.3, outbox_backoff_base=0.2, use_keyring=False)
    kezia = build_app(config)
    kezia.dispatcher.backoff_max = 3.0
    print("ready", flush=True)
    with loop:
        if role == "till":
            kezia.start()
            loop.run_forever()
        else:
            loop.run_until_complete(cashier(kezia, random.Random(seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
