"""Signed journal benchmarks (issue 17): closing a ticket (sign + chain + seal + commit) at p99, verify-journal over
100,000 tickets (the command line, in its own process) with the per-record cost, archiving a month of 15,000
tickets. Run once: pytest -m benchmark tests/benchmarks/test_fiscal_bench.py -s

The shop: 100,000 signed tickets from January to November 2026, 15,000 of them in November, written through the
journal's own append (each one signed and sealed like a sale) in transactions of 1,000 to build it faster.
"""
from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time
import zipfile
from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from kezia_desk.domain.money import Money
from kezia_desk.domain.shop_time import SHOP_TIMEZONE
from kezia_desk.domain.ticket import PaymentMethod, TicketDraft, TicketLine
from kezia_desk.services.archives import ArchiveService
from kezia_desk.services.sellers import SellerService
from kezia_desk.services.till import TillService
from kezia_desk.store.database import open_database, transaction
from kezia_desk.store.demo_seed import seed_demo_data
from kezia_desk.store.fiscal_verify import verify_fiscal

pytestmark = [pytest.mark.benchmark, pytest.mark.timeout(3600)]
TOTAL, IN_NOVEMBER, CLOSINGS = 100_000, 15_000, 1_000


def draft(n: int) -> TicketDraft:
    ticket = TicketDraft()
    ticket.add_line(TicketLine("Regina Moyenne", Money.of("12.00"), Decimal(1), Decimal("10"), 1012))
    ticket.add_line(TicketLine("Coca-Cola 33 cl", Money.of("2.50"), Decimal(1 + n % 3), Decimal("5.5"), 2001))
    ticket.add_line(TicketLine("Tiramisu", Money.of("4.50"), Decimal(1), Decimal("10"), 3001))
    ticket.add_payment(PaymentMethod.CARD if n % 2 else PaymentMethod.CASH)
    return ticket


def moments():
    """85,000 moments spread from 1 January to 31 October, then 15,000 in November (shop time)."""
    start, october_end = datetime(2026, 1, 1, 9, tzinfo=SHOP_TIMEZONE), datetime(2026, 10, 31, 22, tzinfo=SHOP_TIMEZONE)
    step = (october_end - start) / (TOTAL - IN_NOVEMBER)
    for n in range(TOTAL - IN_NOVEMBER):
        yield start + step * n
    november, step = datetime(2026, 11, 1, 9, tzinfo=SHOP_TIMEZONE), timedelta(days=29) / IN_NOVEMBER
    for n in range(IN_NOVEMBER):
        yield november + step * n


def test_signed_journal_figures(tmp_path):
    data = tmp_path / "caisse"
    db = open_database(data)
    seed_demo_data(db)
    till = TillService(db)
    seller = SellerService(db).list_sellers()[1]
    till.records.ensure_ready()
    built = time.perf_counter()
    times = list(moments())
    for first in range(0, TOTAL, 1000):
        with transaction(db):
            for n in range(first, first + 1000):
                till.journal.append(draft(n), seller.id, seller.name, times[n])
    build_seconds = time.perf_counter() - built
    each = build_seconds / TOTAL * 1e3
    print(f"\nFIGURE build | {TOTAL} tickets signed in {build_seconds:.1f} s ({each:.2f} ms each)")

    # Closing a ticket as the till does: TillService.close_ticket, its own transaction, on top of 100,000.
    clock = [datetime(2026, 12, 1, 9, tzinfo=SHOP_TIMEZONE)]
    till_now = TillService(db, clock=lambda: clock[0], records=till.records)
    durations, cpu = [], []
    for n in range(CLOSINGS):
        clock[0] += timedelta(seconds=30)
        ticket = draft(n)
        started, started_cpu = time.perf_counter(), time.process_time()
        closed = till_now.close_ticket(ticket, seller)
        durations.append((time.perf_counter() - started) * 1e3)
        cpu.append((time.process_time() - started_cpu) * 1e3)
        assert closed.signature
    durations.sort()
    cpu.sort()
    p50, p99 = statistics.median(durations), durations[int(len(durations) * 0.99) - 1]
    print(f"FIGURE close_ticket | p50 {p50:.2f} ms | p99 {p99:.2f} ms | max {durations[-1]:.2f} ms "
          "| target p99 <= 20 ms")
    # The machine is shared (2 cores, several test runs): the CPU time of the same closes says how much of the
    # wall-clock tail was waiting for a core.
    print(f"FIGURE close_ticket CPU | p50 {statistics.median(cpu):.2f} ms | p99 {cpu[int(len(cpu) * 0.99) - 1]:.2f} ms")
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    records = db.execute("SELECT COUNT(*) FROM fiscal_records").fetchone()[0]

    # verify-journal: the command line, a process of its own, as a shop owner or an inspector runs it.
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "kezia_desk", "verify-journal", "--data-dir", str(data)],
                            capture_output=True, text=True, timeout=600)
    verify_seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the command and its worker processes
    verify_cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    assert result.returncode == 0 and f"{TOTAL + CLOSINGS} tickets vérifiés" in result.stdout, result.stdout
    print(f"FIGURE verify-journal (CLI, parallel) | {TOTAL + CLOSINGS} tickets, {records} records | "
          f"{verify_seconds:.2f} s | {verify_seconds / records * 1e6:.0f} µs per record | target <= 15 s")
    print(f"FIGURE verify-journal CPU (all processes) | {verify_cpu:.2f} s | {verify_cpu / records * 1e6:.0f} µs "
          "per record")
    started = time.perf_counter()
    check = verify_fiscal(db, till.records.public_key_hex, parallel=False)
    serial = time.perf_counter() - started
    assert check.ok, check.failure
    print(f"FIGURE verify (one process, serial) | {serial:.2f} s | {serial / records * 1e6:.0f} µs per record")

    # Archiving November: 15,000 tickets and their records, JSON + CSV, zipped and signed.
    archive = tmp_path / "2026-11.zip"
    started = time.perf_counter()
    manifest = ArchiveService(db, till).archive("2026-11", archive)
    archive_seconds = time.perf_counter() - started
    assert manifest["tickets"] == IN_NOVEMBER
    with zipfile.ZipFile(archive) as zipped:
        assert len(zipped.namelist()) >= 10
    size = archive.stat().st_size / 1e6
    print(f"FIGURE archive 2026-11 | {IN_NOVEMBER} tickets | {archive_seconds:.2f} s | {size:.1f} MB | target <= 5 s")
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "kezia_desk", "verify-archive", str(archive)],
                            capture_output=True, text=True, timeout=600)
    print(f"FIGURE verify-archive | {time.perf_counter() - started:.2f} s | {result.stdout.strip()[:60]}")
    assert result.returncode == 0
    db.conn.close()
