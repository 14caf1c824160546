"""Command-line errors (issue 10, « Also »): one French sentence and an exit code, never a traceback; the till on
a corrupt database with --quit-after shows its error and quits instead of hanging."""
import os
import socket
import subprocess
import sys

import pytest


def run(*args, env=None, timeout=60):
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run([sys.executable, "-m", "kezia_desk", *args], capture_output=True, text=True,
                          timeout=timeout, env=environment)


def one_french_sentence(stderr):
    assert "Traceback" not in stderr and "Error" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    return lines[0]


@pytest.mark.parametrize("args, expected", [
    (["--api-url", "http://example.com"], "HTTPS est obligatoire"),
    (["--api-url", "ftp://127.0.0.1/v1"], "Adresse refusée"),
    (["--api-url", "https://"], "Adresse incomplète : « https:// » ne nomme aucun serveur"),
    (["--api-url", "https://api.hubrise.com:99999/v1"], "Adresse illisible"),
    (["--quit-after", "soon"], "n'est pas un nombre de secondes"),
    (["--quit-after", "-3"], "positif"),
    (["--frobnicate"], "argument(s) inconnu(s) : --frobnicate"),
    (["--data-dir"], "--data-dir attend une valeur"),
    (["sandbox", "--port", "99999"], "n'est pas un numéro de port"),
    (["sandbox", "--port", "0"], "n'est pas un numéro de port (1 à 65535)"),
    (["add-seller"], "obligatoire(s) manquant(s)"),
    (["nimportequoi"], "choix invalide"),
])
def test_usage_errors_are_one_french_sentence_and_exit_2(args, expected):
    result = run(*args, env={"KEZIA_DESK_HUBRISE_TOKEN": "secret-token-1234"})
    assert result.returncode == 2, result
    line = one_french_sentence(result.stderr)
    assert expected in line and "kezia-desk --help" in line
    assert "secret-token-1234" not in result.stderr + result.stdout


def test_sandbox_on_a_port_already_taken_says_so_in_french():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = run("sandbox", "--port", str(taken.getsockname()[1]))
    assert result.returncode == 2
    assert "est déjà utilisé" in one_french_sentence(result.stderr)


def test_till_on_a_corrupt_database_shows_the_error_and_quits(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "kezia-desk.db").write_bytes(b"ceci n'est pas une base SQLite" * 200)
    result = run("--data-dir", str(data), "--quit-after", "1", timeout=45)
    assert result.returncode == 2
    assert "endommagée" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["sandbox", "--help"], ["add-seller", "-h"],
                                  ["verify-journal", "--help"]])
def test_help_is_french_from_its_first_word(args):
    result = run(*args)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith("Utilisation : kezia-desk")
    assert "affiche cette aide et quitte" in result.stdout
    for english in ("usage:", "show this help", "positional arguments", "optional arguments"):
        assert english not in result.stdout


def test_sandbox_command_speaks_french_and_does_not_log_each_request():
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "kezia_desk", "sandbox", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first_line = process.stdout.readline()
        assert first_line.startswith(f"Bac à sable HubRise sur http://127.0.0.1:{port}/v1")
        import httpx
        assert httpx.get(f"http://127.0.0.1:{port}/v1/location",
                         headers={"X-Access-Token": "sandbox-till-token"}).status_code == 200
    finally:
        process.terminate()
        out, err = process.communicate(timeout=30)
    assert "INFO" not in out + err and "Uvicorn" not in out + err and "GET /v1" not in out + err, out + err


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
