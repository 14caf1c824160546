"""Where the HubRise token is kept: the system keyring when one is usable, else a file only its owner can read.

Never in the settings table (a copy of the database, sent for support, must not carry a working token), never
in the logs. The file is written with mode 0600 from the start (no moment where it is readable by others) and
replaced atomically, so a crash never leaves half a token.
"""
from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)
TOKEN_FILE_NAME = "hubrise-token.json"
KEYRING_SERVICE = "Kezia Desk HubRise"


class TokenStore(Protocol):
    description: str

    def load(self) -> str | None: ...
    def save(self, token: str) -> None: ...
    def clear(self) -> None: ...


class FileTokenStore:
    """The token in `<data dir>/hubrise-token.json`, mode 0600."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / TOKEN_FILE_NAME
        self.description = f"fichier {self.path} (lisible par son seul propriétaire)"

    def load(self) -> str | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            log.warning("Fichier du jeton HubRise illisible : %s", self.path)
            return None
        token = data.get("access_token") if isinstance(data, dict) else None
        return token if isinstance(token, str) and token else None

    def save(self, token: str) -> None:
        write_owner_only(self.path, json.dumps({"access_token": token}))

    def clear(self) -> None:
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass


class KeyringTokenStore:
    """The token in the desktop's keyring (Secret Service, Windows Credential Manager, macOS Keychain)."""

    def __init__(self, keyring_module: object, account: str) -> None:
        self.keyring, self.account = keyring_module, account
        self.description = "trousseau du système"

    def load(self) -> str | None:
        return self.keyring.get_password(KEYRING_SERVICE, self.account)  # type: ignore[attr-defined]

    def save(self, token: str) -> None:
        self.keyring.set_password(KEYRING_SERVICE, self.account, token)  # type: ignore[attr-defined]

    def clear(self) -> None:
        try:
            self.keyring.delete_password(KEYRING_SERVICE, self.account)  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - nothing stored is fine
            pass


def open_token_store(data_dir: Path, use_keyring: bool = True) -> TokenStore:
    """The keyring if the optional `keyring` package is installed and has a real backend, else the file."""
    keyring = usable_keyring() if use_keyring else None
    if keyring is not None:
        return KeyringTokenStore(keyring, str(Path(data_dir).resolve()))
    return FileTokenStore(Path(data_dir))


def usable_keyring() -> object | None:
    """The optional `keyring` module when it has a real backend (the HubRise token and the signing key are kept
    there), else None: the owner-only file is the documented fallback."""
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
        if not isinstance(backend, fail.Keyring) and getattr(backend, "priority", 0) > 0:
            return keyring
    except Exception:  # noqa: BLE001 - no keyring: the file is the documented fallback
        pass
    return None


def write_owner_only(path: Path, text: str) -> None:
    """Write a secret to a file only its owner can read (mode 0600 from its creation), replaced atomically so a
    crash never leaves half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(descriptor, text.encode("utf-8"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    os.chmod(temporary, 0o600)  # umask cannot widen it, but an existing file kept its old mode
    os.replace(temporary, path)
