"""Orders stored the way reception stores them (OrderStore.ingest with the read model's summarizer), for tests
that need a filled database and for the benchmarks' 10,000- and 100,000-order shops."""
from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from kezia_desk.sandbox.generator import WebShopOrderGenerator
from kezia_desk.services.web_orders import WebOrdersService
from kezia_desk.store.database import open_database, transaction
from kezia_desk.store.demo_seed import seed_demo_data

from .shop import backend_for

__all__ = ["web_order", "order_services", "fill_orders", "STATUS_MIX"]
# A shop after months of trading: most orders finished, a few waiting or in progress.
STATUS_MIX = (["completed"] * 88 + ["cancelled"] * 3 + ["rejected"] * 2 + ["accepted"] * 3 + ["in_preparation"]
              + ["received"] * 3)
random.Random(1).shuffle(STATUS_MIX)


def web_order(generator: WebShopOrderGenerator, number: int, created: datetime, status: str = "received",
              **overrides: Any) -> dict[str, Any]:
    """A full HubRise order (id, status, totals) as the sandbox's web shop would place it."""
    payload = generator.next_payload(now=created)
    total = generator._total(payload["items"], payload["charges"], payload["discounts"])
    return {**payload, "id": f"hr{number:07d}", "location_id": "loc-1", "status": status,
            "created_at": created.isoformat(), "created_by": "Boutique web", "total": f"{total:.2f} EUR",
            "currency": "EUR", **overrides}


def order_services(db: Any) -> WebOrdersService:
    """The web-order services of a shop on `db`, built by build_services like the till's."""
    return backend_for(db).services.web_orders


def fill_orders(data_dir: Path, count: int, *, seed: int = 3, start: datetime | None = None,
                statuses: list[str] | None = None, batch: int = 1000) -> list[int]:
    """`count` web orders, one every ~20 minutes of opening hours going back from `start`, ingested through the
    store's own API (history row, read-model columns, FTS), committed in batches; returns their local ids."""
    db = open_database(data_dir)
    seed_demo_data(db)
    service = order_services(db)
    generator = WebShopOrderGenerator(seed)
    mix = statuses or STATUS_MIX
    start = start or datetime.now(UTC)
    ids: list[int] = []
    for first in range(0, count, batch):
        with transaction(db):
            for n in range(first, min(count, first + batch)):
                created = start - timedelta(minutes=14 * (count - n))
                raw = web_order(generator, n, created, mix[n % len(mix)])
                result = service.store.ingest(f"ev{n}", raw, created.isoformat(),
                                              receive_status=None, keep_local_status=False, by="test",
                                              status=raw["status"])
                ids.append(result.local_id)
    db.conn.close()
    return ids
