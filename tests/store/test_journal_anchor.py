"""The journal's anchor (deleting the LAST tickets is detected) and a verify-journal that never writes."""
import os
import sqlite3
from decimal import Decimal

import pytest

from kezia_desk.__main__ import main
from kezia_desk.domain.money import Money
from kezia_desk.domain.ticket import PaymentMethod, TicketDraft, TicketLine
from kezia_desk.services.sellers import SellerService
from kezia_desk.services.till import TillService
from kezia_desk.store.database import DATABASE_FILENAME, open_database
from kezia_desk.store.demo_seed import seed_demo_data


def sell(db, count):
    till, seller = TillService(db), SellerService(db).list_sellers()[1]
    for n in range(count):
        draft = TicketDraft()
        draft.add_line(TicketLine(f"Article {n}", Money.of("3.50"), Decimal(1), Decimal("10"), None))
        draft.add_payment(PaymentMethod.CASH)
        till.close_ticket(draft, seller)


@pytest.fixture
def shop_dir(tmp_path):
    db = open_database(tmp_path)
    seed_demo_data(db)
    sell(db, 3)
    db.conn.close()
    return tmp_path


def cut_tail(data_dir, from_number):
    """A fraudster with the SQLite shell: drops the protecting triggers and deletes the last tickets."""
    conn = sqlite3.connect(data_dir / DATABASE_FILENAME)
    for table in ("tickets", "ticket_lines", "ticket_payments"):
        conn.execute(f"DROP TRIGGER {table}_no_delete")
    for table, column in (("ticket_payments", "ticket_number"), ("ticket_lines", "ticket_number"),
                          ("tickets", "number")):
        conn.execute(f"DELETE FROM {table} WHERE {column} >= ?", (from_number,))
    conn.commit()
    conn.close()


def test_deleting_the_last_tickets_is_detected(shop_dir, capsys):
    assert main(["verify-journal", "--data-dir", str(shop_dir)]) == 0
    cut_tail(shop_dir, 2)
    assert main(["verify-journal", "--data-dir", str(shop_dir)]) == 1
    out = capsys.readouterr().out
    assert "ALTÉRÉ : ticket n° 2 (tickets n° 2 à 3 supprimés" in out


def test_the_anchor_is_append_only(shop_dir):
    db = open_database(shop_dir)
    try:
        assert db.execute("SELECT ticket_count, last_number FROM journal_anchor ORDER BY id").fetchall() == [
            (1, 1), (2, 2), (3, 3)]
        for sql in ("UPDATE journal_anchor SET ticket_count = 1", "DELETE FROM journal_anchor"):
            with pytest.raises(sqlite3.IntegrityError, match="inaltérable"):
                db.execute(sql)
    finally:
        db.conn.close()


def test_verify_journal_refuses_a_missing_database_and_creates_nothing(tmp_path, capsys):
    missing = tmp_path / "nulle-part"
    assert main(["verify-journal", "--data-dir", str(missing)]) == 2
    assert "Aucune base de données de la caisse" in capsys.readouterr().err
    assert not missing.exists()


def test_verify_journal_never_writes(shop_dir, capsys):
    files = sorted(p.name for p in shop_dir.iterdir())
    database = shop_dir / DATABASE_FILENAME
    before = (database.read_bytes(), database.stat().st_mtime_ns)
    os.chmod(database, 0o444)
    try:
        assert main(["verify-journal", "--data-dir", str(shop_dir)]) == 0
    finally:
        os.chmod(database, 0o644)
    assert "3 tickets vérifiés" in capsys.readouterr().out
    assert (database.read_bytes(), database.stat().st_mtime_ns) == before
    assert sorted(p.name for p in shop_dir.iterdir()) == files


def test_verify_journal_reads_a_journal_the_running_till_is_writing(shop_dir, capsys):
    db = open_database(shop_dir)  # the till is running: its last sales are still in the -wal file
    try:
        sell(db, 2)
        assert (shop_dir / (DATABASE_FILENAME + "-wal")).exists()
        assert main(["verify-journal", "--data-dir", str(shop_dir)]) == 0
        assert "5 tickets vérifiés" in capsys.readouterr().out
    finally:
        db.conn.close()


def test_a_sale_after_the_cut_does_not_hide_it(shop_dir, capsys):
    """The next sale reuses the deleted number and writes a newer anchor: the older anchors still name the
    ticket that was cut, so the journal stays « ALTÉRÉ » (found by review: the newest anchor alone tied)."""
    cut_tail(shop_dir, 3)
    db = open_database(shop_dir)
    sell(db, 1)
    db.conn.close()
    assert main(["verify-journal", "--data-dir", str(shop_dir)]) == 1
    assert "ALTÉRÉ : ticket n° 3" in capsys.readouterr().out


def test_tickets_without_any_anchor_are_reported(shop_dir, capsys):
    conn = sqlite3.connect(shop_dir / DATABASE_FILENAME)
    conn.execute("DROP TRIGGER journal_anchor_no_delete")
    conn.execute("DELETE FROM journal_anchor")
    conn.commit()
    conn.close()
    assert main(["verify-journal", "--data-dir", str(shop_dir)]) == 1
    assert "ancre" in capsys.readouterr().out
