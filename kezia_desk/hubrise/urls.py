"""Where the till may send its token: HTTPS anywhere, plain HTTP only to this machine (the sandbox)."""
from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from .errors import UnsafeUrlError

DEFAULT_API_URL = "https://api.hubrise.com/v1"


def is_loopback_host(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_url_is_safe(url: str) -> str:
    """Return the URL without a trailing slash, or raise UnsafeUrlError with a French message."""
    try:
        parts = urlsplit(url.strip())
        hostname, _port = parts.hostname, parts.port  # a bad port or bracket raises here
    except ValueError:
        raise UnsafeUrlError(f"Adresse illisible : « {url} ». Exemple : https://api.hubrise.com/v1.") from None
    if parts.scheme in ("https", "http") and not hostname:
        raise UnsafeUrlError(f"Adresse incomplète : « {url} » ne nomme aucun serveur. "
                             "Exemple : https://api.hubrise.com/v1.")
    if parts.scheme == "https" and hostname:
        return url.strip().rstrip("/")
    if parts.scheme == "http" and is_loopback_host(hostname):
        return url.strip().rstrip("/")
    raise UnsafeUrlError(f"Adresse refusée : « {url} ». HTTPS est obligatoire ; HTTP n'est permis que vers cette "
                         "machine (127.0.0.1, localhost), pour le bac à sable.")
