"""One till per data folder: a second start brings the first till's window to the front and ends, without
opening the database; a lock left by a crashed till never prevents the next start."""
import os
import signal
import subprocess
import sys
import time

from kezia_desk.ui.single_instance import LOCK_FILE_NAME

ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def start(data, *args):
    return subprocess.Popen([sys.executable, "-m", "kezia_desk", "--data-dir", str(data), *args], env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def log_of(data):
    path = data / "logs" / "kezia-desk.log"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "délai dépassé"
        time.sleep(0.1)


def test_a_second_start_brings_the_first_to_the_front_and_ends(tmp_path):
    data = tmp_path / "data"
    first = start(data, "--quit-after", "30")
    try:
        wait_for(lambda: (data / "kezia-desk.db").exists() and (data / LOCK_FILE_NAME).exists())
        second = subprocess.run([sys.executable, "-m", "kezia_desk", "--data-dir", str(data)], env=ENV,
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 0, second.stderr
        assert second.stdout.strip() == ("Kezia Desk est déjà ouvert sur ce dossier de données : sa fenêtre passe "
                                         "au premier plan.")
        wait_for(lambda: "la fenêtre passe au premier plan" in log_of(data), timeout=10)
        assert first.poll() is None, "the first till goes on"
        assert log_of(data).count("second démarrage sur ce dossier") == 1
    finally:
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=30)


def test_a_lock_left_by_a_crash_never_prevents_starting(tmp_path):
    data = tmp_path / "data"
    crashed = start(data, "--quit-after", "60")
    wait_for(lambda: (data / LOCK_FILE_NAME).exists() and "premier plan" not in log_of(data)
             and (data / "kezia-desk.db").exists())
    time.sleep(1)  # listening by now
    crashed.kill()  # no clean exit: the lock file and the socket stay behind
    crashed.communicate(timeout=30)
    assert (data / LOCK_FILE_NAME).exists()
    shot = tmp_path / "after-crash.png"
    again = subprocess.run([sys.executable, "-m", "kezia_desk", "--data-dir", str(data), "--quit-after", "2",
                            "--screenshot", str(shot)], env=ENV, capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    assert "déjà ouvert" not in again.stdout and shot.stat().st_size > 0


def test_fullscreen_from_the_command_line_starts_in_kiosk_mode_and_quit_after_still_ends_it(tmp_path):
    shot = tmp_path / "kiosque.png"
    result = subprocess.run([sys.executable, "-m", "kezia_desk", "--demo", "--data-dir", str(tmp_path / "d"),
                             "--fullscreen", "--quit-after", "3", "--screenshot", str(shot)], env=ENV,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert shot.stat().st_size > 0
