"""`kezia-desk add-seller`: the first manager of a fresh installation, PIN typed twice and never echoed."""
import getpass

from kezia_desk.__main__ import main
from kezia_desk.services.sellers import SellerService
from kezia_desk.store.database import open_database


def test_a_fresh_shop_gets_its_manager(tmp_path, monkeypatch, capsys):
    answers = iter(["2468", "2468", "1357", "9999"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    assert main(["add-seller", "Marie Dupont", "--manager", "--data-dir", str(tmp_path)]) == 0
    assert "Vendeur « Marie Dupont » ajouté (gérant)." in capsys.readouterr().out
    assert main(["add-seller", "Autre", "--manager", "--data-dir", str(tmp_path)]) == 1  # the two codes differ
    assert "diffèrent" in capsys.readouterr().err
    assert main(["add-seller", "Léo", "--data-dir", str(tmp_path)]) == 0
    db = open_database(tmp_path)
    try:
        sellers = SellerService(db)
        assert [s.name for s in sellers.list_sellers()] == ["Marie Dupont", "Léo"]
        assert sellers.verify_manager_pin("2468").name == "Marie Dupont"
        assert sellers.verify_manager_pin("1357") is None
    finally:
        db.conn.close()
