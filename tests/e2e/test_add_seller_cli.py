"""`kezia-desk add-seller`, for scripts: PIN typed twice (never an argument), read from a pipe without Python's
« GetPassWarning », duplicates refused, an empty input one French sentence, and the technical log written."""
import io
import logging
import os
import subprocess
import sys

import pytest

from kezia_desk.__main__ import main
from kezia_desk.services.sellers import SellerService
from kezia_desk.store.database import open_database


def run(data_dir, *args, stdin=""):
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "kezia_desk", "add-seller", *args, "--data-dir", str(data_dir)],
                          input=stdin, capture_output=True, text=True, timeout=60, env=environment)


@pytest.fixture
def no_log_handlers_left():
    """main() adds the technical log's handler to the root logger: taken off again after the test."""
    before = list(logging.getLogger().handlers)
    yield
    for handler in logging.getLogger().handlers:
        if handler not in before:
            logging.getLogger().removeHandler(handler)
            handler.close()


def test_a_fresh_shop_gets_its_manager(tmp_path, monkeypatch, capsys, no_log_handlers_left):
    monkeypatch.setattr(sys, "stdin", io.StringIO("2468\n2468\n1357\n9999\n"))
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


def test_a_script_pipes_the_pin_without_any_english_warning(tmp_path):
    result = run(tmp_path, "Marie", "--manager", stdin="2468\n2468\n")
    assert result.returncode == 0, result
    assert result.stdout.strip() == "Vendeur « Marie » ajouté (gérant)."
    assert "GetPassWarning" not in result.stderr and "Warning" not in result.stderr
    assert result.stderr == ""
    assert "vendeur créé : n° 1 (gérant)" in (tmp_path / "logs" / "kezia-desk.log").read_text(encoding="utf-8")


@pytest.mark.parametrize("args, stdin, expected", [
    (["Marie", "--manager"], "", "Aucun code PIN n'a été saisi : rien n'a été enregistré."),
    (["Marie", "--manager"], "2468\n", "Aucun code PIN n'a été saisi : rien n'a été enregistré."),
    (["Marie", "--manager"], "12\n12\n", "Le code PIN doit comporter de 4 à 8 chiffres. Rien n'a été enregistré."),
    (["   "], "", "Le nom du vendeur est obligatoire."),
])
def test_bad_input_is_one_french_sentence_and_writes_nothing(tmp_path, args, stdin, expected):
    result = run(tmp_path, *args, stdin=stdin)
    assert result.returncode == 1, result
    assert result.stderr.strip() == expected and "Traceback" not in result.stderr
    db = open_database(tmp_path)
    try:
        assert SellerService(db).list_all() == []
    finally:
        db.conn.close()


def test_a_duplicate_name_is_refused_whatever_its_accents(tmp_path):
    assert run(tmp_path, "Léa").returncode == 0
    result = run(tmp_path, "LEA")
    assert result.returncode == 1
    assert result.stderr.strip() == "Le nom « LEA » est déjà pris par « Léa »."
    log_text = (tmp_path / "logs" / "kezia-desk.log").read_text(encoding="utf-8")
    assert "add-seller refusé : Le nom « LEA » est déjà pris" in log_text


def test_an_unusable_data_folder_is_one_french_sentence(tmp_path):
    """A file where the data folder should be: said once, in French (before, the technical log's failure came
    first with Python's « [Errno 20] Not a directory » and promised « le vendeur est ajouté sans »)."""
    blocker = tmp_path / "pas-un-dossier"
    blocker.write_text("un fichier")
    done = run(blocker / "caisse", "Luc", "--manager", stdin="2468\n2468\n")
    assert done.returncode == 2
    said = done.stderr.strip()
    assert said.startswith(f"Le dossier de données {blocker / 'caisse'} est inutilisable : un fichier est à la place")
    assert "\n" not in said and "Errno" not in said and "Traceback" not in said
