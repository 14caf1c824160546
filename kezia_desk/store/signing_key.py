"""Where the till's Ed25519 signing key is kept: like the HubRise token (store/token_store.py), in the system
keyring when one is usable, else in a file only its owner can read (mode 0600 from its creation, replaced
atomically).

The private key never leaves this module as text: no log, no print, no export, no repr. Only `sign()` and the
public key are offered. The public key is kept beside the private one as well, so `verify-journal` on this
machine can tell a public key swapped in the database (with every record re-signed by another key) from the
till's own.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..domain.fiscal import encode_signature
from .token_store import usable_keyring, write_owner_only

if TYPE_CHECKING:  # `cryptography` is imported when a key is first loaded (≈ 35 ms off the till's start-up)
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

log = logging.getLogger(__name__)
KEY_FILE_NAME = "signing-key.json"
KEYRING_SERVICE = "Kezia Desk signature"


@dataclass(frozen=True)
class SigningKey:
    """The private key (hidden from repr) and its public half in hex."""

    private: Ed25519PrivateKey = field(repr=False)
    public_hex: str

    @classmethod
    def generate(cls) -> SigningKey:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        return cls.from_private(Ed25519PrivateKey.generate())

    @classmethod
    def from_private(cls, private: Ed25519PrivateKey) -> SigningKey:
        from cryptography.hazmat.primitives import serialization

        public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return cls(private, public.hex())

    def sign(self, message: bytes) -> str:
        return encode_signature(self.private.sign(message))

    def _serialize(self) -> str:
        from cryptography.hazmat.primitives import serialization

        raw = self.private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                         serialization.NoEncryption())
        return json.dumps({"ed25519_private": raw.hex(), "public": self.public_hex})


def _deserialize(text: str | None) -> SigningKey | None:
    if not text:
        return None
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        data = json.loads(text)
        key = SigningKey.from_private(Ed25519PrivateKey.from_private_bytes(bytes.fromhex(data["ed25519_private"])))
    except (ValueError, KeyError, TypeError):
        log.error("clé de signature illisible : ignorée")
        return None
    return key


class KeyStore(Protocol):
    description: str

    def load(self) -> SigningKey | None: ...
    def save(self, key: SigningKey) -> None: ...


class FileKeyStore:
    """`<data dir>/signing-key.json`, mode 0600."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / KEY_FILE_NAME
        self.description = f"fichier {self.path} (lisible par son seul propriétaire)"

    def load(self) -> SigningKey | None:
        try:
            return _deserialize(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except OSError:
            log.error("fichier de la clé de signature illisible : %s", self.path)
            return None

    def save(self, key: SigningKey) -> None:
        write_owner_only(self.path, key._serialize())


class KeyringKeyStore:
    """The key in the desktop's keyring, under the data folder's path (one key per till database)."""

    def __init__(self, keyring_module: object, account: str) -> None:
        self.keyring, self.account = keyring_module, account
        self.description = "trousseau du système"

    def load(self) -> SigningKey | None:
        return _deserialize(self.keyring.get_password(KEYRING_SERVICE, self.account))  # type: ignore[attr-defined]

    def save(self, key: SigningKey) -> None:
        self.keyring.set_password(KEYRING_SERVICE, self.account, key._serialize())  # type: ignore[attr-defined]


def open_key_store(data_dir: Path, use_keyring: bool = True) -> KeyStore:
    """The keyring if the optional `keyring` package has a real backend, else the 0600 file (as the token)."""
    keyring = usable_keyring() if use_keyring else None
    if keyring is not None:
        return KeyringKeyStore(keyring, str(Path(data_dir).resolve()))
    return FileKeyStore(Path(data_dir))
