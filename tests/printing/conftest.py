"""Printing tests: a shop database with the print queue and its service, wired as the composition root does,
and network printers on the loopback."""
from __future__ import annotations

import asyncio
from pathlib import Path
from types import SimpleNamespace

import pytest
from kd_fixtures.fake_printer import FakeNetworkPrinter, SilentNetworkPrinter

from kezia_desk.domain.printer_settings import PrinterKind, PrintSettings
from kezia_desk.printers.escpos_output import print_escpos
from kezia_desk.services.print_queue import PrintQueue
from kezia_desk.services.printing import PrintService, read_print_settings
from kezia_desk.services.settings import SettingsService
from kezia_desk.store.database import open_database
from kezia_desk.store.print_jobs import PrintJobStore

THERMAL = {PrinterKind.NETWORK: print_escpos}


def build_printing(data_dir: Path, orders: dict | None = None, backoff_base: float = 0.1) -> SimpleNamespace:
    """One till's printing (a new one on the same folder is the till after a restart)."""
    db = open_database(data_dir)
    settings = SettingsService(db)
    jobs = PrintJobStore(db)
    queue = PrintQueue(jobs, lambda: read_print_settings(settings), THERMAL, backoff_base=backoff_base)
    known = orders if orders is not None else {}
    service = PrintService(jobs, settings, queue, get_order=lambda local_id: known[local_id])
    return SimpleNamespace(db=db, settings=settings, jobs=jobs, queue=queue, service=service, orders=known,
                           statuses=[], task=None)


@pytest.fixture
def printer():
    fake = FakeNetworkPrinter()
    yield fake
    fake.close()


@pytest.fixture
def silent_printer():
    fake = SilentNetworkPrinter()
    yield fake
    fake.close()


@pytest.fixture
def tills(tmp_path, qasync_loop):
    """Factory of tills on one data folder, each with its print worker running on the session's qasync loop."""
    built: list[SimpleNamespace] = []

    def start(settings: PrintSettings | None = None, run: bool = True, **options) -> SimpleNamespace:
        till = build_printing(tmp_path / "data", **options)
        if settings is not None:
            till.service.save_settings(settings)
        till.queue.status.add(till.statuses.append)
        till.stop = lambda: stop(till)  # the till switched off (or killed: nothing more is recorded)
        if run:
            till.task = asyncio.ensure_future(till.queue.run())
        built.append(till)
        return till

    yield start
    for till in built:
        stop(till)


def stop(till: SimpleNamespace) -> None:
    if till.task is not None:
        till.task.cancel()
        till.task = None
    if till.db is not None:
        till.db.conn.close()
        till.db = None
