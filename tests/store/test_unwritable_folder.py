"""A data folder the till cannot write to (read-only disk, no rights, a file in the way) is said in French, never
as SQLite's « unable to open database file » or Python's « [Errno 30] Read-only file system »."""
import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kezia_desk.store.database import StoreUnavailableError, open_database


def english_free(text: str) -> None:
    for english in ("unable to open", "Errno", "Read-only file system", "Not a directory", "File exists"):
        assert english not in text, text


def test_a_folder_where_the_database_should_be_is_said_in_french(tmp_path):
    (tmp_path / "kezia-desk.db").mkdir()  # SQLite: « unable to open database file »
    with pytest.raises(StoreUnavailableError) as refused:
        open_database(tmp_path)
    assert "ne peut pas être ouverte" in refused.value.message_fr
    english_free(refused.value.message_fr)


def test_a_read_only_disk_is_said_in_french(tmp_path, monkeypatch):
    def read_only(self, *args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))

    monkeypatch.setattr(Path, "mkdir", read_only)  # what a read-only mount answers
    with pytest.raises(StoreUnavailableError) as refused:
        open_database(tmp_path / "data")
    message = refused.value.message_fr
    assert "le disque est en lecture seule" in message and "--data-dir" in message
    english_free(message)


def test_the_till_started_on_a_file_instead_of_a_folder_says_it_in_french(tmp_path):
    blocker = tmp_path / "caisse"
    blocker.write_text("un fichier, pas un dossier")
    result = subprocess.run([sys.executable, "-m", "kezia_desk", "--data-dir", str(blocker / "data"),
                             "--quit-after", "1"], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANG": "C"})
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip() and "propagateSizeHints" not in line]
    assert lines == [
        f"Journal technique indisponible : un fichier est à la place d'un dossier ({blocker / 'data' / 'logs'}). "
        "La caisse démarre sans.",
        f"Le dossier de données {blocker / 'data'} est inutilisable : un fichier est à la place d'un dossier "
        f"({blocker / 'data'}). Choisissez un dossier où la caisse peut écrire (--data-dir) ou corrigez ses droits."]
