"""The SQLite file: migrations, WAL, the IDART counter, the append-only journal, unusable files."""
import sqlite3
import subprocess
import sys
from decimal import Decimal

import pytest

from kezia_desk.domain.catalog import Article
from kezia_desk.domain.demo_catalog import DEMO_NEXT_IDART
from kezia_desk.domain.money import Money
from kezia_desk.domain.ticket import PaymentMethod, TicketDraft
from kezia_desk.services.catalog import CatalogService
from kezia_desk.services.sellers import SellerService
from kezia_desk.services.till import TillService
from kezia_desk.store.database import DATABASE_FILENAME, StoreError, StoreUnavailableError, open_database
from kezia_desk.store.demo_seed import seed_demo_data


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path)
    seed_demo_data(database)
    yield database
    database.conn.close()


def sell(db, *idarts, cash="50"):
    catalog, sellers = CatalogService(db), SellerService(db)
    draft = TicketDraft()
    for idart in idarts:
        draft.add_article(catalog.get(idart))
    draft.add_payment(PaymentMethod.CASH, Money.of(cash))
    return TillService(db).close_ticket(draft, sellers.list_sellers()[1])


def test_migrations_applied_once_and_wal_on(tmp_path):
    first = open_database(tmp_path)
    versions = [row[0] for row in first.conn.execute("SELECT version FROM schema_version")]
    first.conn.close()
    second = open_database(tmp_path)
    assert [row[0] for row in second.conn.execute("SELECT version FROM schema_version")] == versions
    assert 1 in versions
    assert second.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    second.conn.close()


def test_demo_seed_is_idempotent(db):
    seed_demo_data(db)
    assert len(CatalogService(db).list_articles()) == db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert len(SellerService(db).list_sellers()) == 4


def test_idart_never_reused(db):
    catalog = CatalogService(db)
    first = catalog.save(Article(None, "Pizza du chef", Money.of("13.90"), Decimal("10"), "Pizzas"))
    assert first.idart >= DEMO_NEXT_IDART
    catalog.save(Article(first.idart, first.name, first.price, first.vat_rate, first.category, active=False))
    # Even if a row disappeared (manual clean-up), its code is not handed out again.
    db.execute("DELETE FROM articles WHERE idart = ?", [first.idart])
    second = catalog.save(Article(None, "Pizza du jour", Money.of("11.00"), Decimal("10"), "Pizzas"))
    assert second.idart > first.idart


def test_ticket_stored_with_seller_lines_payments_and_chain(db):
    first = sell(db, 1012, 2001, 2001)
    second = sell(db, 3001, cash="5")
    assert first.number == 1 and second.number == 2
    assert first.total == Money.of("17.00") and first.change_due == Money.of("33.00")
    assert first.seller_name == "Karim"
    assert second.previous_hash == first.entry_hash
    assert [(line.idart, line.quantity) for line in first.lines] == [(1012, 1), (2001, 2)]
    assert TillService(db).verify_journal().ok


def test_journal_rows_cannot_be_updated_or_deleted(db):
    sell(db, 1012)
    for sql in ("UPDATE tickets SET total_cents = 1", "DELETE FROM ticket_lines",
                "UPDATE ticket_payments SET amount_cents = 0"):
        with pytest.raises(sqlite3.IntegrityError, match="inaltérable"):
            db.conn.execute(sql)


def run_verify(data_dir):
    return subprocess.run([sys.executable, "-m", "kezia_desk", "verify-journal", "--data-dir", str(data_dir)],
                          capture_output=True, text=True, timeout=60)


def test_verify_journal_names_the_first_tampered_ticket(db, tmp_path):
    for _ in range(3):
        sell(db, 1012)
    ok = run_verify(tmp_path)
    assert ok.returncode == 0 and "3 tickets" in ok.stdout
    # A fraudster drops the protection and lowers the price of ticket 2's line.
    db.conn.execute("DROP TRIGGER ticket_lines_no_update")
    db.conn.execute("UPDATE ticket_lines SET unit_price_cents = 100 WHERE ticket_number = 2")
    broken = run_verify(tmp_path)
    assert broken.returncode == 1
    assert "ticket n° 2" in broken.stdout and "Traceback" not in broken.stdout + broken.stderr


def test_corrupt_file_is_refused_in_french_and_left_untouched(tmp_path):
    path = tmp_path / DATABASE_FILENAME
    garbage = b"ceci n'est pas une base SQLite" * 100
    path.write_bytes(garbage)
    with pytest.raises(StoreUnavailableError) as error:
        open_database(tmp_path)
    assert "endommagée" in error.value.message_fr
    assert path.read_bytes() == garbage
    result = run_verify(tmp_path)
    assert result.returncode == 2 and "endommagée" in result.stderr and "Traceback" not in result.stderr


def test_read_only_file_is_reported_at_start(tmp_path, monkeypatch):
    open_database(tmp_path).conn.close()
    # Tests run as root, where chmod does not stop writes: open the file the way SQLite opens a read-only one.
    real_connect = sqlite3.connect

    def read_only_connect(path, *args, **kwargs):
        return real_connect(f"file:{path}?mode=ro", *args, uri=True, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", read_only_connect)
    with pytest.raises(StoreError) as error:
        open_database(tmp_path)
    assert "lecture seule" in error.value.message_fr


def test_write_failure_during_sale_keeps_the_draft(db):
    catalog, sellers, till = CatalogService(db), SellerService(db), TillService(db)
    draft = TicketDraft()
    draft.add_article(catalog.get(1012))
    draft.add_payment(PaymentMethod.CARD)
    db.conn.execute("PRAGMA query_only = ON")  # every write now fails, as on a full or read-only disk
    with pytest.raises(StoreError) as error:
        till.close_ticket(draft, sellers.list_sellers()[0])
    assert error.value.message_fr
    assert len(draft.lines) == 1 and draft.is_settled
    db.conn.execute("PRAGMA query_only = OFF")
    assert till.close_ticket(draft, sellers.list_sellers()[0]).number == 1
