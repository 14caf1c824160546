"""The outbox dispatcher without Qt: an unexpected error on one row backs off and never blocks the other
orders' rows (found by review: it left the row due and the dispatcher woke every 50 ms)."""
from __future__ import annotations

from kd_fixtures.shop import build_shop, place

from kezia_desk.services.outbox import UNEXPECTED_TRIES, OutboxDispatcher


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


async def test_an_unexpected_error_backs_off_and_the_next_order_still_goes(tmp_path):
    shop = build_shop(tmp_path)
    broken, fine = place(shop, []), place(shop, [])  # each queues its « received » for HubRise
    first = shop.outbox.for_order(broken)[0]["id"]
    sent: list[int] = []
    clock = Clock()

    async def handler(client, row):
        if row["local_id"] == broken:
            raise RuntimeError("bug")
        sent.append(row["local_id"])

    dispatcher = OutboxDispatcher(shop.outbox, lambda: object(), backoff_base=2.0, clock=clock)
    dispatcher.register_handler("status", handler)
    assert await dispatcher.send_due() == 1
    assert sent == [fine]
    row = next(r for r in shop.outbox.for_order(broken) if r["id"] == first)
    assert row["attempts"] == 1 and row["next_attempt_at"] > clock.now and not row["failed"]
    assert "erreur inattendue" in row["last_error"]
    assert shop.outbox.next_attempt_at() > clock.now  # the dispatcher sleeps, it does not spin
    for _ in range(UNEXPECTED_TRIES):
        clock.now += 10_000
        await dispatcher.send_due()
    row = next(r for r in shop.outbox.for_order(broken) if r["id"] == first)
    assert row["failed"] and row["attempts"] == UNEXPECTED_TRIES
    shop.db.conn.close()
