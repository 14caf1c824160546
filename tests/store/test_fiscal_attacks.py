"""Issue 17 « Done when », the attacker's side: each attack on a COPY of the database (triggers dropped, no key),
then `kezia-desk verify-journal` on that copy, as an inspector would run it."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest
from kd_fixtures.fiscal_attacker import copy_database, recompute_everything

from kezia_desk.__main__ import main
from kezia_desk.domain.fiscal import EVENT, Chain, Jet, head_message, record_hash
from kezia_desk.domain.money import Money
from kezia_desk.domain.ticket import PaymentMethod, TicketDraft, TicketLine
from kezia_desk.services.sellers import SellerService
from kezia_desk.services.till import TillService
from kezia_desk.store.database import open_database
from kezia_desk.store.demo_seed import seed_demo_data
from kezia_desk.store.signing_key import KEY_FILE_NAME, FileKeyStore, SigningKey


def sell(till, seller, count, price="12.50"):
    for _ in range(count):
        draft = TicketDraft()
        draft.add_line(TicketLine("Quatre fromages", Money.of(price), Decimal(1), Decimal("10"), 1022))
        draft.add_payment(PaymentMethod.CARD)
        till.close_ticket(draft, seller)


@pytest.fixture
def shop_dir(tmp_path):
    """A till folder with 5 signed tickets and a few technical events."""
    data = tmp_path / "caisse"
    db = open_database(data)
    seed_demo_data(db)
    till = TillService(db)
    till.events.record(Jet.START)
    sell(till, SellerService(db).list_sellers()[1], 5)
    till.events.record(Jet.EXPORT, detail="catalogue")
    till.events.record(Jet.STOP)
    db.conn.close()
    return data


def verify(capsys, data_dir):
    code = main(["verify-journal", "--data-dir", str(data_dir)])
    out = capsys.readouterr().out
    return code, out


def test_the_untouched_journal_verifies_with_counts_per_chain(shop_dir, capsys):
    code, out = verify(capsys, shop_dir)
    assert code == 0
    assert "5 tickets vérifiés" in out and "ventes : 6" in out and "événements (JET) : 3" in out


def test_1_a_total_changed_with_every_hash_and_anchor_recomputed_is_named(shop_dir, tmp_path, capsys):
    copy = tmp_path / "copie"
    conn = copy_database(shop_dir, copy)
    conn.execute("UPDATE tickets SET total_cents = 250 WHERE number = 3")
    conn.execute("UPDATE ticket_lines SET unit_price_cents = 250 WHERE ticket_number = 3")
    conn.execute("UPDATE ticket_payments SET amount_cents = 250 WHERE ticket_number = 3")
    recompute_everything(conn)
    conn.close()
    code, out = verify(capsys, copy)
    assert code == 1
    assert "ALTÉRÉ : ticket n° 3 (enregistrement n° 4 de la chaîne ventes) : signature invalide" in out


def test_1_bis_re_signing_everything_with_another_key_is_caught_on_the_till_machine(shop_dir, tmp_path, capsys):
    """The attacker's own key pair, swapped into the database: the records verify against it, but the till's
    machine holds the real key, and the fingerprint printed differs from the archives' and the tickets' marks."""
    attacker = SigningKey.generate()
    conn = copy_database(shop_dir, tmp_path / "travail")
    conn.execute("UPDATE tickets SET total_cents = 250 WHERE number = 3")
    conn.execute("UPDATE fiscal_keys SET public_key = ?", (attacker.public_hex,))
    recompute_everything(conn)
    for chain, seq, digest in conn.execute("SELECT chain, seq, hash FROM fiscal_records").fetchall():
        conn.execute("UPDATE fiscal_records SET signature = ? WHERE chain = ? AND seq = ?",
                     (attacker.sign(digest.encode()), chain, seq))
    for chain, seq, last_hash, at in conn.execute("SELECT chain, seq, last_hash, at FROM fiscal_heads").fetchall():
        conn.execute("UPDATE fiscal_heads SET signature = ? WHERE chain = ?",
                     (attacker.sign(head_message(chain, seq, last_hash, at)), chain))
    conn.close()
    (tmp_path / "travail" / "kezia-desk.db").replace(shop_dir / "kezia-desk.db")  # back where the key is
    code, out = verify(capsys, shop_dir)
    assert code == 1 and "n'est pas celle de cette caisse" in out
    assert FileKeyStore(shop_dir).load() is not None and (shop_dir / KEY_FILE_NAME).exists()


@pytest.mark.parametrize("seal", ["kept", "recomputed", "deleted"])
def test_2_the_last_tickets_deleted_with_their_anchors_and_records_are_detected(shop_dir, tmp_path, capsys, seal):
    copy = tmp_path / "copie"
    conn = copy_database(shop_dir, copy)
    for table, column in (("ticket_payments", "ticket_number"), ("ticket_lines", "ticket_number"),
                          ("tickets", "number"), ("journal_anchor", "last_number")):
        conn.execute(f"DELETE FROM {table} WHERE {column} >= 4")
    conn.execute("DELETE FROM fiscal_records WHERE chain = 'ventes' AND seq >= 5")
    if seal == "recomputed":  # the shorter chain's seal, with the hash the program would write; no signature
        seq, last_hash, at = conn.execute("SELECT seq, hash, at FROM fiscal_records WHERE chain = 'ventes' "
                                          "ORDER BY seq DESC LIMIT 1").fetchone()
        conn.execute("UPDATE fiscal_heads SET seq = ?, last_hash = ?, at = ? WHERE chain = 'ventes'",
                     (seq, last_hash, at))
    elif seal == "deleted":
        conn.execute("DELETE FROM fiscal_heads WHERE chain = 'ventes'")
    conn.close()
    code, out = verify(capsys, copy)
    assert code == 1
    expected = {"kept": "enregistrement(s) n° 5 à 6 de la chaîne ventes supprimé(s)",
                "recomputed": "le sceau de fin de la chaîne ventes n'est pas signé par la caisse",
                "deleted": "le sceau de fin de la chaîne ventes a été supprimé"}[seal]
    assert expected in out


@pytest.mark.parametrize("attack", ["edit", "edit_and_rehash", "delete_middle", "delete_last"])
def test_3_a_jet_entry_deleted_or_edited_is_detected(shop_dir, tmp_path, capsys, attack):
    copy = tmp_path / "copie"
    conn = copy_database(shop_dir, copy)
    if attack.startswith("edit"):
        payload = json.loads(conn.execute("SELECT payload FROM fiscal_records WHERE chain = 'evenements' AND seq = 2")
                             .fetchone()[0])
        payload["detail"] = "rien"
        conn.execute("UPDATE fiscal_records SET payload = ? WHERE chain = 'evenements' AND seq = 2",
                     (json.dumps(payload, sort_keys=True, separators=(",", ":")),))
        if attack == "edit_and_rehash":
            recompute_everything(conn)
    elif attack == "delete_middle":
        conn.execute("DELETE FROM fiscal_records WHERE chain = 'evenements' AND seq = 2")
    else:
        conn.execute("DELETE FROM fiscal_records WHERE chain = 'evenements' AND seq = 3")
    conn.close()
    code, out = verify(capsys, copy)
    assert code == 1
    expected = {"edit": "enregistrement n° 2 de la chaîne événements (JET) (evenement) : contenu modifié",
                "edit_and_rehash": "enregistrement n° 2 de la chaîne événements (JET) (evenement) : signature "
                                   "invalide",
                "delete_middle": "enregistrement(s) n° 2 à 2 de la chaîne événements (JET) supprimé(s)",
                "delete_last": "enregistrement(s) n° 3 à 3 de la chaîne événements (JET) supprimé(s)"}[attack]
    assert expected in out


def test_a_record_added_without_the_key_is_named(shop_dir, tmp_path, capsys):
    copy = tmp_path / "copie"
    conn = copy_database(shop_dir, copy)
    seq, previous, at = conn.execute("SELECT seq, last_hash, at FROM fiscal_heads WHERE chain = 'evenements'"
                                     ).fetchone()
    payload = '{"by":"X","code":80,"detail":"","label":"Démarrage de la caisse"}'
    digest = record_hash(previous, Chain.EVENTS.value, seq + 1, EVENT, 1, at, "80", 1, payload)
    conn.execute("INSERT INTO fiscal_records VALUES ('evenements', ?, ?, 1, ?, '80', ?, ?, ?, 'AAAA', 1)",
                 (seq + 1, EVENT, at, payload, previous, digest))
    conn.execute("UPDATE fiscal_heads SET seq = ?, last_hash = ? WHERE chain = 'evenements'", (seq + 1, digest))
    conn.close()
    code, out = verify(capsys, copy)
    assert code == 1 and "enregistrement n° 4 de la chaîne événements (JET) (evenement) : signature invalide" in out


def test_a_journal_stripped_of_its_signed_records_is_caught_on_the_till_machine(shop_dir, tmp_path, capsys):
    """The downgrade: a total changed, the legacy hashes and anchors recomputed, then every signed table dropped
    and migration 900 forgotten, so the file looks like one an older version wrote. On the till's machine (its key
    at hand) verify-journal refuses it; elsewhere it says that no ticket is signed and shows no key."""
    conn = copy_database(shop_dir, tmp_path / "travail")
    conn.execute("UPDATE tickets SET total_cents = 250 WHERE number = 3")
    recompute_everything(conn)
    for table in ("fiscal_records", "fiscal_heads", "fiscal_keys"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("DELETE FROM schema_version WHERE version = 900")
    conn.close()
    code, out = verify(capsys, tmp_path / "travail")  # a copy without the key: nothing proves it was signed
    assert code == 0 and "5 tickets, dont 5 avant signature" in out and "clé publique : aucune" in out
    (tmp_path / "travail" / "kezia-desk.db").replace(shop_dir / "kezia-desk.db")
    code, out = verify(capsys, shop_dir)
    assert code == 1 and "aucun enregistrement signé (journal signé supprimé ?)" in out
