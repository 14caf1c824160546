"""The signed fiscal records: appended in the caller's transaction, keyed like the HubRise token, verifiable with
the public key alone, and the tickets recorded before the signature closed by a signed marker."""
import json
import os
import sqlite3
import stat
from datetime import timedelta
from decimal import Decimal

import pytest

from kezia_desk.domain.fiscal import EVENT, UNSIGNED_MARKER, Chain, Jet, signature_valid
from kezia_desk.domain.money import Money
from kezia_desk.domain.shop_time import shop_now
from kezia_desk.domain.ticket import PaymentMethod, TicketDraft, TicketLine
from kezia_desk.services.sellers import SellerService
from kezia_desk.services.till import TillService
from kezia_desk.store.database import DATABASE_FILENAME, open_database, transaction
from kezia_desk.store.demo_seed import seed_demo_data
from kezia_desk.store.fiscal_records import FiscalRecords
from kezia_desk.store.fiscal_verify import verify_fiscal
from kezia_desk.store.journal import JournalRepository
from kezia_desk.store.signing_key import KEY_FILE_NAME, FileKeyStore


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path)
    seed_demo_data(database)
    yield database
    database.conn.close()


def draft(price="4.50"):
    ticket = TicketDraft()
    ticket.add_line(TicketLine("Tiramisu", Money.of(price), Decimal(1), Decimal("10"), 3001))
    ticket.add_payment(PaymentMethod.CASH)
    return ticket


def seller(db):
    return SellerService(db).list_sellers()[1]


def test_the_key_is_created_once_in_an_owner_only_file_and_never_in_the_database(db, tmp_path):
    till = TillService(db)
    closed = till.close_ticket(draft(), seller(db))
    key_file = tmp_path / KEY_FILE_NAME
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    private_hex = json.loads(key_file.read_text())["ed25519_private"]
    dump = "\n".join(db.conn.iterdump())
    assert private_hex not in dump and till.records.public_key_hex in dump
    assert "ed25519_private" not in repr(FileKeyStore(tmp_path).load())
    again = TillService(db)  # a second start reuses the key: one key registered
    again.close_ticket(draft(), seller(db))
    assert db.execute("SELECT COUNT(*) FROM fiscal_keys").fetchone()[0] == 1
    record = till.records.records(Chain.SALES, ref=str(closed.number))[0]
    assert signature_valid(till.records.public_key_hex, record.hash.encode(), record.signature)
    assert closed.signature == record.signature


def test_an_append_joins_the_callers_transaction_and_rolls_back_with_it(db):
    till = TillService(db)
    till.records.ensure_ready()
    before = till.records.count(Chain.EVENTS)
    with pytest.raises(RuntimeError), transaction(db):
        till.records.append(Chain.EVENTS, EVENT, {"code": 80}, ref="80")
        raise RuntimeError("la suite du cas d'usage échoue")
    assert till.records.count(Chain.EVENTS) == before
    assert db.execute("SELECT COUNT(*) FROM fiscal_records WHERE chain = 'evenements'").fetchone()[0] == before
    assert verify_fiscal(db).ok


def test_tickets_before_the_signature_are_closed_by_a_signed_marker_and_never_re_signed(tmp_path):
    db = open_database(tmp_path)
    seed_demo_data(db)
    legacy = JournalRepository(db)  # what the previous version wrote: hash chain only
    for _ in range(3):
        legacy.append(draft(), 2, "Karim", shop_now())
    hashes = [row[0] for row in db.execute("SELECT entry_hash FROM tickets ORDER BY number")]
    till = TillService(db)
    closed = till.close_ticket(draft(), seller(db))
    marker = till.records.records(Chain.SALES)[0]
    assert marker.kind == UNSIGNED_MARKER and marker.data == {"avant_signature": 3, "dernier_ticket": 3,
                                                              "dernier_hash": hashes[-1]}
    assert [row[0] for row in db.execute("SELECT entry_hash FROM tickets WHERE number <= 3 ORDER BY number")] == hashes
    assert closed.number == 4 and closed.signature
    check = verify_fiscal(db)
    assert check.ok, check.failure
    assert (check.tickets, check.unsigned_tickets, check.counts[Chain.SALES]) == (4, 3, 2)
    db.conn.close()


def test_a_clock_set_back_is_logged_as_an_event(db):
    now = [shop_now()]
    till = TillService(db, clock=lambda: now[0])
    till.close_ticket(draft(), seller(db))
    now[0] = now[0] - timedelta(hours=1)
    till.close_ticket(draft(), seller(db))
    entries = till.events.entries(code=int(Jet.CLOCK_BACKWARDS))
    assert len(entries) == 1 and "antérieure au dernier enregistrement" in entries[0].detail
    assert verify_fiscal(db).ok


def test_a_database_restored_without_its_key_gets_a_new_key_said_in_the_jet(db, tmp_path):
    TillService(db).close_ticket(draft(), seller(db))
    (tmp_path / KEY_FILE_NAME).unlink()
    till = TillService(db)
    till.close_ticket(draft(), seller(db))
    assert db.execute("SELECT COUNT(*) FROM fiscal_keys").fetchone()[0] == 2
    assert [e.code for e in till.events.entries()] == [int(Jet.NEW_SIGNING_KEY)]
    check = verify_fiscal(db, till.records.public_key_hex)
    assert check.ok and len(check.fingerprints) == 2


def test_the_tables_refuse_update_and_delete(db):
    till = TillService(db)
    till.close_ticket(draft(), seller(db))
    for sql in ("UPDATE fiscal_records SET payload = '{}'", "DELETE FROM fiscal_records",
                "DELETE FROM fiscal_keys", "DELETE FROM fiscal_heads",
                "UPDATE fiscal_heads SET seq = 0 WHERE chain = 'ventes'"):
        with pytest.raises(sqlite3.IntegrityError, match="inaltérable"):
            db.execute(sql)


def test_records_of_a_fresh_database_verify(tmp_path):
    db = open_database(tmp_path)
    FiscalRecords(db, FileKeyStore(tmp_path)).ensure_ready()
    assert verify_fiscal(db).ok
    assert (tmp_path / DATABASE_FILENAME).exists()
    db.conn.close()


def test_the_signed_payload_text_is_the_canonical_json_even_with_tricky_labels(db):
    """verify-journal builds a ticket's signed payload from its hashed text (one JSON encoding a ticket): it must
    be exactly what was signed, whatever the labels hold."""
    from kezia_desk.domain.fiscal import canonical_json
    from kezia_desk.domain.journal import canonical_ticket_content
    from kezia_desk.store.journal import signed_payload_text, signed_ticket_payload, ticket_content

    tricky = draft()
    tricky.lines[0] = TicketLine('Pizza ,"total_cents":1} « été » \\ "x"', Money.of("4.50"), Decimal(1),
                                 Decimal("10"), 3001, note=',"till_id":"faux"')
    closed = TillService(db).record_cancelled(tricky, seller(db))
    ticket = next(db.query("SELECT * FROM tickets WHERE number = ?", [closed.number]))
    lines = list(db.query("SELECT * FROM ticket_lines WHERE ticket_number = ?", [closed.number]))
    payments = list(db.query("SELECT * FROM ticket_payments WHERE ticket_number = ?", [closed.number]))
    content = ticket_content(ticket, lines, payments)
    expected = canonical_json(signed_ticket_payload(content, 'KD-"1"'))
    assert signed_payload_text(canonical_ticket_content(content), 'KD-"1"') == expected
    assert verify_fiscal(db).ok
