"""Archives: `kezia-desk archive` writes a signed ZIP (JSON and CSV, public key, manifest of SHA-256, manifest
signature, previous archive's hash) that `kezia-desk verify-archive` checks with nothing but the file; the
attacker's side (issue 17, test 4): one byte changed in any file, or a file swapped between two archives."""
from __future__ import annotations

import json
import zipfile
from datetime import datetime
from decimal import Decimal

import pytest

from kezia_desk.__main__ import main
from kezia_desk.domain.fiscal import Jet
from kezia_desk.domain.money import Money
from kezia_desk.domain.shop_time import SHOP_TIMEZONE
from kezia_desk.domain.ticket import PaymentMethod, TicketDraft, TicketLine
from kezia_desk.services.archives import MANIFEST, ArchiveService
from kezia_desk.services.sellers import SellerService
from kezia_desk.services.till import TillService
from kezia_desk.store.database import open_database
from kezia_desk.store.demo_seed import seed_demo_data


def at(month, day, hour=12):
    return datetime(2026, month, day, hour, tzinfo=SHOP_TIMEZONE)


@pytest.fixture
def shop_dir(tmp_path):
    """Tickets in October (2) and November (3), with events, on a clock that moves forward."""
    data = tmp_path / "caisse"
    db = open_database(data)
    seed_demo_data(db)
    now = [at(10, 30)]
    till = TillService(db, clock=lambda: now[0])
    seller = SellerService(db).list_sellers()[1]
    for moment in (at(10, 30, 10), at(10, 31, 11), at(11, 2), at(11, 3), at(11, 15)):
        now[0] = moment
        draft = TicketDraft()
        draft.add_line(TicketLine("Regina « Grande »; crème", Money.of("14.50"), Decimal(2), Decimal("10"), 1013))
        draft.add_payment(PaymentMethod.CARD)
        till.close_ticket(draft, seller)
    till.events.record(Jet.STOP)
    db.conn.close()
    return data


def archive(capsys, shop_dir, period, out):
    code = main(["archive", "--period", period, "--out", str(out), "--data-dir", str(shop_dir)])
    return code, capsys.readouterr()


def verify(capsys, path):
    code = main(["verify-archive", str(path)])
    return code, capsys.readouterr().out


def test_a_month_archive_holds_its_tickets_in_json_and_csv_and_verifies(shop_dir, tmp_path, capsys):
    out = tmp_path / "archives" / "2026-11.zip"
    code, printed = archive(capsys, shop_dir, "2026-11", out)
    assert code == 0 and "3 tickets" in printed.out
    with zipfile.ZipFile(out) as zipped:
        names = set(zipped.namelist())
        assert {"tickets.json", "tickets.csv", "lignes.csv", "reglements.csv", "cle-publique.txt", MANIFEST,
                "manifest.sig", "enregistrements-ventes.json", "enregistrements-ventes.csv",
                "enregistrements-evenements.json"} <= names
        tickets = json.loads(zipped.read("tickets.json"))
        assert [t["number"] for t in tickets] == [3, 4, 5]
        csv_text = zipped.read("lignes.csv").decode("utf-8-sig")
        assert '"Regina « Grande »; crème"' in csv_text and "14,50" in csv_text  # a spreadsheet reads it
        manifest = json.loads(zipped.read(MANIFEST))
        assert manifest["archive_precedente_sha256"] is None and manifest["periode"] == "2026-11"
    code, text = verify(capsys, out)
    assert code == 0 and "Archive intègre : période 2026-11" in text and "3 tickets" in text


def test_archives_form_a_chain_and_archiving_is_an_event_that_changes_no_sale(shop_dir, tmp_path, capsys):
    db = open_database(shop_dir)
    before = db.execute("SELECT COUNT(*), MAX(entry_hash) FROM tickets").fetchone()
    db.conn.close()
    first, second = tmp_path / "oct.zip", tmp_path / "nov.zip"
    assert archive(capsys, shop_dir, "2026-10", first)[0] == 0
    assert archive(capsys, shop_dir, "2026-11", second)[0] == 0
    import hashlib

    with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
        assert json.loads(b.read(MANIFEST))["archive_precedente_sha256"] == hashlib.sha256(a.read(MANIFEST)).hexdigest()
    db = open_database(shop_dir)
    till = TillService(db)
    assert db.execute("SELECT COUNT(*), MAX(entry_hash) FROM tickets").fetchone() == before
    assert [e.code for e in till.events.entries(code=int(Jet.PERIOD_ARCHIVE))] == [20, 20]
    assert till.verify_journal().ok
    db.conn.close()


def _rewrite(source, target, change):
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for name in original.namelist():
            copy.writestr(name, change(name, original.read(name)))


@pytest.mark.parametrize("victim", ["tickets.json", "lignes.csv", "enregistrements-ventes.json", "cle-publique.txt",
                                    "manifest.json", "manifest.sig", "cles-publiques.json"])
def test_4_one_byte_changed_in_any_file_fails_naming_it(shop_dir, tmp_path, capsys, victim):
    out, forged = tmp_path / "nov.zip", tmp_path / "falsifiee.zip"
    assert archive(capsys, shop_dir, "2026-11", out)[0] == 0

    def flip(name, data):
        if name != victim:
            return data
        index = len(data) // 2
        return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1:]

    _rewrite(out, forged, flip)
    code, text = verify(capsys, forged)
    assert code == 1 and "Archive ALTÉRÉE" in text
    named = {"manifest.json": "manifest.sig", "cle-publique.txt": "cle-publique.txt"}.get(victim, victim)
    assert named in text


def test_4_a_file_swapped_between_two_archives_fails(shop_dir, tmp_path, capsys):
    october, november, forged = tmp_path / "oct.zip", tmp_path / "nov.zip", tmp_path / "melange.zip"
    archive(capsys, shop_dir, "2026-10", october)
    archive(capsys, shop_dir, "2026-11", november)
    with zipfile.ZipFile(october) as other:
        october_tickets = other.read("tickets.json")
    _rewrite(november, forged, lambda name, data: october_tickets if name == "tickets.json" else data)
    code, text = verify(capsys, forged)
    assert code == 1 and "tickets.json : contenu modifié" in text


def test_a_record_changed_and_the_manifest_re_hashed_still_fails_on_the_signature(shop_dir, tmp_path, capsys):
    import hashlib

    out, forged = tmp_path / "nov.zip", tmp_path / "falsifiee.zip"
    archive(capsys, shop_dir, "2026-11", out)
    with zipfile.ZipFile(out) as original:
        tickets = json.loads(original.read("tickets.json"))
        manifest = json.loads(original.read(MANIFEST))
    tickets[0]["total_cents"] = 100
    new_tickets = json.dumps(tickets).encode()
    manifest["fichiers"]["tickets.json"] = hashlib.sha256(new_tickets).hexdigest()
    new_manifest = json.dumps(manifest).encode()
    _rewrite(out, forged, lambda name, data: {"tickets.json": new_tickets, MANIFEST: new_manifest}.get(name, data))
    code, text = verify(capsys, forged)
    assert code == 1 and "manifest.sig : la signature du manifeste est invalide" in text


def test_archive_refuses_a_bad_period_a_missing_database_and_a_period_not_closed(shop_dir, tmp_path, capsys):
    code, printed = archive(capsys, shop_dir, "2026-13", tmp_path / "x.zip")
    assert code == 2 and "Période « 2026-13 » invalide" in printed.err and "Traceback" not in printed.err
    missing = tmp_path / "nulle-part"
    code, printed = archive(capsys, missing, "2026-11", tmp_path / "x.zip")
    assert code == 2 and "Aucune base de données" in printed.err and not missing.exists()
    db = open_database(shop_dir)
    service = ArchiveService(db, TillService(db), period_closed=lambda period: f"La période {period} n'est pas "
                                                                                "clôturée : faites d'abord sa Z.")
    with pytest.raises(ValueError, match="n'est pas clôturée"):
        service.archive("2026-11", tmp_path / "y.zip")
    assert not (tmp_path / "y.zip").exists()
    db.conn.close()
    assert main(["verify-archive", str(tmp_path / "absente.zip")]) == 2
