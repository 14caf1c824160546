"""verify-journal checks the closures: each one against its signed record, its figures against its tickets, and
the perpetual totals from one closure to the next; a changed closure total is named."""
from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import timedelta

import pytest
from kd_fixtures.closures import three_days

from kezia_desk.__main__ import main
from kezia_desk.domain.closure import ClosureKind, compute_figures
from kezia_desk.domain.ticket import PaymentMethod, TicketDraft
from kezia_desk.services.catalog import CatalogService
from kezia_desk.services.sellers import SellerService
from kezia_desk.services.till import TillService
from kezia_desk.store.closure_verify import verify_closures
from kezia_desk.store.closures import ClosureStore
from kezia_desk.store.database import DATABASE_FILENAME, open_database
from kezia_desk.store.demo_seed import seed_demo_data


@pytest.fixture
def shop_dir(tmp_path):
    three_days(tmp_path)
    return tmp_path


def test_three_days_of_closures_verify(shop_dir, capsys):
    assert main(["verify-journal", "--data-dir", str(shop_dir)]) == 0
    db = open_database(shop_dir)
    assert verify_closures(db) == (4, None), "three Z and the monthly closure of November"
    assert [c.kind for c in ClosureStore(db).closures()].count(ClosureKind.MONTH) == 1
    db.conn.close()


def test_a_changed_closure_total_is_named(shop_dir, capsys):
    conn = sqlite3.connect(shop_dir / DATABASE_FILENAME)
    conn.execute("DROP TRIGGER closures_no_update")
    conn.execute("UPDATE closures SET figures = json_set(figures, '$.grand_total', 1) WHERE number = 2")
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert main(["verify-journal", "--data-dir", str(shop_dir)]) == 1
    assert "ALTÉRÉ : clôture n° 2 (Z du 01/12/2026) : modifiée après signature" in capsys.readouterr().out


def test_a_closure_whose_totals_are_not_its_tickets_is_named(tmp_path):
    """A closure stored with wrong figures (a bug, or an unsigned database): recomputing from its tickets names
    the closure and the figures that differ."""
    db = open_database(tmp_path)
    seed_demo_data(db)
    till = TillService(db)
    draft = TicketDraft()
    draft.add_article(CatalogService(db).get(1003))
    draft.add_payment(PaymentMethod.CASH)
    ticket = till.close_ticket(draft, SellerService(db).list_sellers()[1])
    start = ticket.closed_at - timedelta(hours=1)
    right = compute_figures(start, ticket.closed_at, [ticket])
    store = ClosureStore(db)  # no signing: the figures check alone
    store.append(ClosureKind.DAY, ticket.closed_at.date().isoformat(), ticket.closed_at, "Sophie", ticket.number, 0,
                 replace(right, grand_total=right.grand_total + 100, perpetual_total=right.perpetual_total + 100))
    checked, problem = verify_closures(db)
    assert problem is not None and problem.startswith("clôture n° 1 (Z du ")
    assert "grand total de la période, total perpétuel ne correspond(ent) pas à ses tickets" in problem
    db.conn.close()


def test_the_accountants_csv_from_the_command_line(shop_dir, tmp_path, capsys):
    out = tmp_path / "clotures.csv"
    assert main(["closures", "--out", str(out), "--data-dir", str(shop_dir)]) == 0
    assert "4 clôtures exportées" in capsys.readouterr().out
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM"
    rows = [line.split(";") for line in raw.decode("utf-8-sig").splitlines()]
    assert rows[0][:3] == ["numero", "type", "periode"]
    z2 = {(r[7], r[8]): r for r in rows[1:] if r[0] == "2"}
    assert z2[("avoirs", "")][12:] == ["13,00", "1"]
    assert z2[("TVA", "10 %")][9:12] == ["0,00", "0,00", "0,00"], "13,00 sold, 13,00 refunded"
    assert z2[("grand total de la période", "")][12] == "2,50"
    assert z2[("total perpétuel", "")][12] == "18,00"
    assert z2[("total perpétuel en valeur absolue", "")][12] == "44,00"
    assert main(["closures", "--out", str(tmp_path / "absent" / "x.csv"), "--data-dir", str(shop_dir)]) == 2
    assert capsys.readouterr().err.startswith("Le fichier « ")


def test_only_a_closed_period_is_archived(shop_dir, tmp_path, capsys):
    """November has its monthly closure (made by the first Z of December); December and 2026 are not closed."""
    assert main(["archive", "--period", "2026-11", "--out", str(tmp_path / "nov.zip"),
                 "--data-dir", str(shop_dir)]) == 0
    capsys.readouterr()
    assert main(["archive", "--period", "2026-12", "--out", str(tmp_path / "dec.zip"),
                 "--data-dir", str(shop_dir)]) == 2
    assert "La période 2026-12 n'est pas clôturée" in capsys.readouterr().err
    assert main(["archive", "--period", "2026", "--out", str(tmp_path / "y.zip"), "--data-dir", str(shop_dir)]) == 2
    assert "L'année 2026 n'est pas clôturée" in capsys.readouterr().err
    assert not (tmp_path / "dec.zip").exists() and not (tmp_path / "y.zip").exists()


def _exports_in_jet(data_dir):
    from kezia_desk.domain.fiscal import Jet
    from kezia_desk.store.database import open_database_readonly

    db = open_database_readonly(data_dir)
    try:
        return TillService(db).events.entries(code=int(Jet.EXPORT))
    finally:
        db.conn.close()


def test_the_command_line_export_is_an_event_of_the_jet(shop_dir, tmp_path, capsys):
    """JET 110 through a short read-write connection after the file is written; the database's signed chains
    still verify afterwards."""
    out = tmp_path / "compta.csv"
    assert main(["closures", "--out", str(out), "--data-dir", str(shop_dir)]) == 0
    said = capsys.readouterr()
    assert "Export noté au journal des événements techniques (JET 110)." in said.out and said.err == ""
    (event,) = _exports_in_jet(shop_dir)
    assert (event.by, event.detail) == ("ligne de commande", "clôtures en CSV (4) : compta.csv")
    assert main(["closures", "--out", str(out), "--data-dir", str(shop_dir)]) == 0, "twice: two exports, two events"
    assert len(_exports_in_jet(shop_dir)) == 2
    assert main(["verify-journal", "--data-dir", str(shop_dir)]) == 0


def test_without_the_signing_key_the_export_stands_and_says_the_event_is_missing(shop_dir, tmp_path, capsys):
    """A copy of the database on the accountant's machine (no key): the CSV is written, no key is created, and
    the missing JET 110 is said in one French sentence."""
    from kezia_desk.store.signing_key import KEY_FILE_NAME

    (shop_dir / KEY_FILE_NAME).unlink()
    out = tmp_path / "compta.csv"
    assert main(["closures", "--out", str(out), "--data-dir", str(shop_dir)]) == 0
    said = capsys.readouterr()
    assert "4 clôtures exportées" in said.out and out.is_file()
    assert said.err == ("L'export n'a pas pu être noté au journal des événements techniques : la clé de signature "
                        "de la caisse n'est pas sur cette machine.\n")
    assert not (shop_dir / KEY_FILE_NAME).exists(), "no new key for an export"
    assert _exports_in_jet(shop_dir) == []


def test_a_read_only_database_exports_and_says_the_event_is_missing(shop_dir, tmp_path, capsys, monkeypatch):
    """A read-only database (a copy on read-only media; the tests run as root, so the file's rights are faked)."""
    import os

    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: False if mode == os.W_OK and str(path).startswith(
        str(shop_dir)) else real_access(path, mode))
    out = tmp_path / "compta.csv"
    assert main(["closures", "--out", str(out), "--data-dir", str(shop_dir)]) == 0
    assert capsys.readouterr().err.endswith(": la base de données est en lecture seule.\n")
    assert out.is_file() and _exports_in_jet(shop_dir) == []
