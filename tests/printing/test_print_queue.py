"""The print queue against network printers on the loopback: jobs arrive, a printer that is off or never answers
is retried without blocking the event loop, and a restart between printing and recording never prints twice
silently."""
from __future__ import annotations

import asyncio
import time

from kd_fixtures.fake_printer import closed_port, network
from kd_fixtures.print_documents import kitchen_order, ticket

from kezia_desk.domain.printer_settings import KitchenMode, PrinterConfig, PrintSettings, ReceiptMode
from kezia_desk.printers import escpos_output
from kezia_desk.store.print_jobs import DONE, UNCERTAIN

DRAWER = b"\x1bp\x00\x32\x32"
REPRINT = b"R\xc9IMPRESSION"


def kitchen_settings(port: int, mode: KitchenMode = KitchenMode.ON_ACCEPTANCE) -> PrintSettings:
    return PrintSettings(kitchen_printer=network(port), kitchen_mode=mode)


def test_an_accepted_order_prints_one_kitchen_ticket_even_if_asked_again(qtbot, tills, printer) -> None:
    till = tills(kitchen_settings(printer.port))
    till.orders[7] = kitchen_order(7)
    first = till.service.order_accepted(7)
    assert till.service.order_accepted(7) is None  # a second trigger (a double tap, arrival then acceptance)
    assert till.service.kitchen_ticket(kitchen_order(7)) is None
    qtbot.waitUntil(lambda: till.jobs.get(first)["state"] == DONE, timeout=5000)
    qtbot.waitUntil(lambda: len(printer.jobs) == 1, timeout=2000)
    job = printer.jobs[0]
    assert job.startswith(b"\x1b@\x1bt\x10") and b"LIVRAISON" in job and b"L\xe9a C\x9cur" in job
    assert REPRINT not in job and job.endswith(b"\x1dV\x00")
    assert till.service.kitchen_printed(7)


def test_on_arrival_prints_new_orders_and_acceptance_then_prints_nothing_more(qtbot, tills, printer) -> None:
    till = tills(kitchen_settings(printer.port, KitchenMode.ON_ARRIVAL))
    orders = [kitchen_order(1), kitchen_order(2)]
    till.orders.update({o.local_id: o for o in orders})
    assert len(till.service.orders_arrived(orders)) == 2
    assert till.service.order_accepted(1) is None  # the setting says « à l'arrivée »
    qtbot.waitUntil(lambda: len(printer.jobs) == 2, timeout=5000)


def test_never_prints_no_kitchen_ticket(tills, printer) -> None:
    till = tills(kitchen_settings(printer.port, KitchenMode.NEVER), run=False)
    till.orders[3] = kitchen_order(3)
    assert till.service.orders_arrived([kitchen_order(3)]) == [] and till.service.order_accepted(3) is None
    assert till.jobs.waiting_count() == 0


def test_reprint_on_request_is_marked_and_printed_each_time_asked(qtbot, tills, printer) -> None:
    till = tills(kitchen_settings(printer.port))
    till.orders[7] = kitchen_order(7)
    till.service.order_accepted(7)
    till.service.reprint_kitchen(7)
    qtbot.waitUntil(lambda: len(printer.jobs) == 2, timeout=5000)
    assert sorted(REPRINT in job for job in printer.jobs) == [False, True]


def test_receipt_modes_and_the_cash_drawer(qtbot, tills, printer) -> None:
    base = PrintSettings(receipt_printer=network(printer.port))
    till = tills(base)
    assert till.service.sale_recorded(ticket(number=1)) is True  # « demander »: the drawer opens at once for cash
    qtbot.waitUntil(lambda: len(printer.jobs) == 1, timeout=5000)
    assert printer.jobs[0] == b"\x1b@\x1bt\x10" + DRAWER
    till.service.print_receipt(ticket(number=1))
    till.service.print_receipt(ticket(number=1))  # « Oui » tapped twice: one receipt
    qtbot.waitUntil(lambda: len(printer.jobs) == 2, timeout=5000)
    assert b"Ticket n\xb0 1" in printer.jobs[1] and DRAWER not in printer.jobs[1]

    till.service.save_settings(PrintSettings(receipt_printer=network(printer.port), receipt_mode=ReceiptMode.ALWAYS))
    assert till.service.sale_recorded(ticket(number=2, cash=False)) is False
    assert till.service.sale_recorded(ticket(number=3)) is False
    qtbot.waitUntil(lambda: len(printer.jobs) == 4, timeout=5000)
    card, cash = sorted(printer.jobs[2:], key=lambda job: b"n\xb0 3" in job)
    assert DRAWER not in card and cash.count(DRAWER) == 1 and b"Esp\xe8ces" in cash

    till.service.save_settings(PrintSettings(receipt_printer=network(printer.port), receipt_mode=ReceiptMode.NEVER,
                                             drawer_kick=False))
    assert till.service.sale_recorded(ticket(number=4)) is False
    qtbot.wait(300)
    assert len(printer.jobs) == 4 and till.jobs.waiting_count() == 0


def test_a_printer_that_is_off_gets_one_message_and_a_retry_then_prints(qtbot, tills, printer) -> None:
    dead = closed_port()
    till = tills(kitchen_settings(dead))
    till.orders.update({7: kitchen_order(7), 8: kitchen_order(8)})
    till.service.order_accepted(7)
    till.service.order_accepted(8)
    qtbot.waitUntil(lambda: any(s.level == "error" for s in till.statuses), timeout=5000)
    qtbot.waitUntil(lambda: till.jobs.get(1)["attempts"] >= 3, timeout=10_000)  # retried with backoff
    errors = [s for s in till.statuses if s.level == "error"]
    assert len(errors) == 1 and f"127.0.0.1:{dead}" in errors[0].text and "Nouvel essai" in errors[0].text
    assert till.jobs.get(2)["attempts"] == 0  # the second waits behind the first instead of hammering the printer
    till.service.save_settings(kitchen_settings(printer.port))  # the manager fixes the address: both go at once
    qtbot.waitUntil(lambda: len(printer.jobs) == 2, timeout=5000)
    qtbot.waitUntil(lambda: till.statuses[-1].level == "ok", timeout=2000)
    assert "de nouveau prête" in till.statuses[-1].text


def test_a_printer_that_never_answers_times_out_without_blocking_the_loop(qtbot, tills, silent_printer,
                                                                           monkeypatch) -> None:
    monkeypatch.setattr(escpos_output, "CONNECT_TIMEOUT", 0.5)
    till = tills(kitchen_settings(silent_printer.port))
    till.orders[7] = kitchen_order(7)
    ticks: list[float] = []

    async def ticker() -> None:
        while True:
            ticks.append(time.perf_counter())
            await asyncio.sleep(0.01)

    beat = asyncio.ensure_future(ticker())
    try:
        till.service.order_accepted(7)
        qtbot.waitUntil(lambda: till.jobs.get(1)["attempts"] >= 2, timeout=10_000)
    finally:
        beat.cancel()
    assert "ne répond pas" in till.statuses[0].text  # a timeout, said as such
    waited = ticks[-1] - ticks[0]
    assert waited >= 0.5 and len(ticks) > waited / 0.01 / 4  # the loop kept ticking while the worker waited


def test_a_restart_between_printing_and_recording_never_prints_twice_silently(qtbot, tills, printer) -> None:
    first = tills(PrintSettings(receipt_printer=network(printer.port), kitchen_printer=network(printer.port)),
                  run=False)
    first.orders[7] = kitchen_order(7)
    kitchen = first.service.order_accepted(7)
    receipt = first.service.print_receipt(ticket(number=5))
    first.jobs.mark_printing(kitchen)  # the bytes went out, then the till died before recording it
    first.jobs.mark_printing(receipt)
    first.db.conn.close()
    first.db = None

    second = tills()  # the restart
    qtbot.waitUntil(lambda: len(printer.jobs) == 1, timeout=5000)
    assert printer.jobs[0].startswith(b"\x1b@\x1bt\x10\x1b!\x00\x1b!\x00\x1b!0") and REPRINT in printer.jobs[0]
    assert second.jobs.get(kitchen)["state"] == UNCERTAIN and second.jobs.get(receipt)["state"] == UNCERTAIN
    warning = [s.text for s in second.statuses if s.level == "warning"]
    assert warning == ["Impression interrompue par un arrêt de la caisse : « Ticket n° 5 » est peut-être incomplet ;"
                       " réimprimez-le si besoin."]
    qtbot.waitUntil(lambda: second.jobs.waiting_count() == 0, timeout=2000)
    second.stop()

    third = tills()  # another restart: nothing is printed again
    qtbot.wait(300)
    assert len(printer.jobs) == 1 and third.jobs.waiting_count() == 0


def test_a_reprint_after_a_crash_cut_by_another_crash_is_not_reprinted_again(qtbot, tills, printer) -> None:
    first = tills(kitchen_settings(printer.port), run=False)
    first.orders[7] = kitchen_order(7)
    first.jobs.mark_printing(first.service.order_accepted(7))
    first.stop()
    second = tills(run=False)
    [reprint] = second.queue.recover()
    second.jobs.mark_printing(reprint)  # the reprint itself was cut by a second crash
    second.stop()
    third = tills()
    qtbot.waitUntil(lambda: len(third.statuses) == 1, timeout=2000)
    qtbot.wait(300)
    assert printer.jobs == [] and third.jobs.waiting_count() == 0
    assert "Bon de préparation K7Q" in third.statuses[0].text and third.statuses[0].level == "warning"


def test_no_printer_chosen_queues_nothing(tills) -> None:
    till = tills(run=False)
    till.orders[7] = kitchen_order(7)
    assert till.service.order_accepted(7) is None and till.service.sale_recorded(ticket()) is False
    assert till.jobs.waiting_count() == 0


def test_settings_refuse_a_network_printer_without_address(tills) -> None:
    import pytest

    from kezia_desk.domain.printer_settings import PrinterKind, PrinterSettingsError

    till = tills(run=False)
    with pytest.raises(PrinterSettingsError, match="adresse IP"):
        till.service.save_settings(PrintSettings(receipt_printer=PrinterConfig(kind=PrinterKind.NETWORK)))


def test_a_closure_printout_goes_to_the_receipt_printer(qtbot, tills, printer) -> None:
    from decimal import Decimal

    from kezia_desk.domain.closure_printout import ClosurePrintout, VatTotal
    from kezia_desk.domain.money import Money

    till = tills(PrintSettings(receipt_printer=network(printer.port)))
    printout = ClosurePrintout("Z", 3, "du 07/12/2026 08:00 au 07/12/2026 22:14", ticket_count=41,
                               by_vat=(VatTotal(Decimal(10), Money.of("90.91"), Money.of("9.09"), Money.of("100")),),
                               by_payment=(("Espèces", Money.of("60")), ("Carte bancaire", Money.of("40"))),
                               grand_totals=(("Grand total perpétuel", Money.of("12345.60")),))
    till.service.print_closure(printout)
    qtbot.waitUntil(lambda: len(printer.jobs) == 1, timeout=5000)
    data = printer.jobs[0]
    assert b"Cl\xf4ture Z n\xb0 3\n" in data and b"Esp\xe8ces".ljust(35) + b"60,00\xa0\x80\n" in data
    # the narrow no-break space of « 12 345,60 € » is not in CP1252: a plain space (never « ? »)
    assert b"Grand total perp\xe9tuel".ljust(31) + b"12 345,60\xa0\x80\n" in data and DRAWER not in data
