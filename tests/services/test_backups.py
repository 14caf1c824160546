"""Backups: a consistent copy while the till sells (issue 17, test 7), the last N kept, a failure said."""
from __future__ import annotations

import shutil
import threading
from decimal import Decimal

import pytest

from kezia_desk.__main__ import main
from kezia_desk.domain.fiscal import Jet
from kezia_desk.domain.money import Money
from kezia_desk.domain.shop_time import shop_now
from kezia_desk.domain.ticket import PaymentMethod, TicketDraft, TicketLine
from kezia_desk.services.backups import BackupService, make_backup
from kezia_desk.services.sellers import SellerService
from kezia_desk.services.settings import SettingsService
from kezia_desk.services.till import TillService
from kezia_desk.store.database import DATABASE_FILENAME, open_database
from kezia_desk.store.demo_seed import seed_demo_data


def sell(till, seller, count):
    for _ in range(count):
        draft = TicketDraft()
        draft.add_line(TicketLine("Coca-Cola", Money.of("2.50"), Decimal(1), Decimal("5.5"), 2001))
        draft.add_payment(PaymentMethod.CASH)
        till.close_ticket(draft, seller)


@pytest.fixture
def shop_dir(tmp_path):
    data = tmp_path / "caisse"
    db = open_database(data)
    seed_demo_data(db)
    sell(TillService(db), SellerService(db).list_sellers()[1], 3)
    db.conn.close()
    return data


def test_7_a_backup_taken_during_a_burst_of_sales_opens_and_verifies(shop_dir, tmp_path, capsys):
    done = threading.Event()
    sold = []

    def burst():
        db = open_database(shop_dir)  # the till, on its own connection, selling as fast as it can
        till, seller = TillService(db), SellerService(db).list_sellers()[1]
        try:
            while not done.is_set() and len(sold) < 400:
                sell(till, seller, 1)
                sold.append(1)
        finally:
            db.conn.close()

    seller_thread = threading.Thread(target=burst)
    seller_thread.start()
    copies = []
    try:
        while len(sold) < 20:
            threading.Event().wait(0.01)
        for n in range(3):
            copies.append(make_backup(shop_dir, tmp_path / "sauvegardes", shop_now().replace(second=n)))
    finally:
        done.set()
        seller_thread.join(timeout=60)
    assert len(sold) >= 20
    counts = []
    for copy in copies:
        restored = tmp_path / f"restauration-{copy.stem}"
        restored.mkdir()
        shutil.copy(copy, restored / DATABASE_FILENAME)  # the guide's restore: the copy becomes the database
        assert main(["verify-journal", "--data-dir", str(restored)]) == 0
        out = capsys.readouterr().out
        counts.append(int(out.split("intègre : ")[1].split(" ticket")[0]))
    assert all(3 <= count <= 3 + len(sold) for count in counts), counts


def test_the_command_line_backup_and_the_last_n_kept(shop_dir, tmp_path, capsys):
    assert main(["backup", "--out", str(tmp_path / "cle-usb"), "--data-dir", str(shop_dir)]) == 0
    written = capsys.readouterr().out
    assert "Sauvegarde écrite" in written
    db = open_database(shop_dir)
    try:  # the command line's backup is an event of the JET too (560), naming the copy
        backups = TillService(db).events.entries(code=int(Jet.BACKUP))
    finally:
        db.conn.close()
    copy = written.split(" : ")[1].strip()
    assert [(e.by, e.detail) for e in backups] == [("ligne de commande", f"sauvegarde {copy}")]
    for second in range(5):
        make_backup(shop_dir, tmp_path / "cle-usb", shop_now().replace(year=2030, second=second), keep=3)
    (tmp_path / "cle-usb" / "notes.txt").write_text("à garder")
    names = sorted(p.name for p in (tmp_path / "cle-usb").iterdir())
    kept = [n for n in names if n.endswith(".db")]
    # The newest three of ours (the 2026 one from the command line went first); another file is never touched.
    assert [n[:26] + n[-5:] for n in kept] == [f"kezia-desk-sauvegarde-2030{s:02d}.db" for s in (2, 3, 4)]
    assert "notes.txt" in names
    assert main(["backup", "--out", str(tmp_path / "x"), "--data-dir", str(tmp_path / "vide")]) == 2
    assert "rien à sauvegarder" in capsys.readouterr().err


async def test_a_backup_that_cannot_be_written_is_said_and_logged(shop_dir, tmp_path):
    db = open_database(shop_dir)
    try:
        settings, till = SettingsService(db), TillService(db)
        blocker = tmp_path / "pas-un-dossier"
        blocker.write_text("un fichier, pas un dossier")
        said = []
        service = BackupService(shop_dir, settings, till.events, on_outcome=lambda ok, text: said.append((ok, text)))
        service.configure(blocker / "sous-dossier", 7, "Karim")
        assert service.due()
        assert await service.back_up_now() is None
        assert said and said[-1][0] is False and "Sauvegarde impossible" in said[-1][1]
        assert [e.code for e in till.events.entries()][:1] == [int(Jet.BACKUP_FAILED)]
        assert service.due()  # still due: tried again at the next check, never marked done
        service.configure(tmp_path / "bon-dossier", 7, "Karim")
        target = await service.back_up_now()
        assert target is not None and target.exists() and not service.due() and said[-1][0] is True
    finally:
        db.conn.close()


def test_an_unusable_target_is_one_french_sentence_on_the_command_line(shop_dir, tmp_path, capsys):
    """A file where the backup folder should be, or a folder where the archive file should be: the system's
    English words (« File exists », « Is a directory ») never reach the shop owner."""
    blocker = tmp_path / "cle-usb"
    blocker.write_text("un fichier, pas un dossier")
    assert main(["backup", "--out", str(blocker), "--data-dir", str(shop_dir)]) == 2
    said = capsys.readouterr().err.strip()
    assert said == f"La sauvegarde n'a pas pu être écrite dans {blocker} : un fichier du même nom existe déjà."
    assert main(["archive", "--period", "2026-12", "--out", str(tmp_path), "--data-dir", str(shop_dir)]) == 2
    said = capsys.readouterr().err.strip()
    assert said == f"L'archive n'a pas pu être écrite dans {tmp_path} : un dossier est à la place d'un fichier."
    assert "\n" not in said and "Traceback" not in said
