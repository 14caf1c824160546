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
    parts = urlsplit(url.strip())
    if parts.scheme == "https" and parts.hostname:
        return url.strip().rstrip("/")
    if parts.scheme == "http" and is_loopback_host(parts.hostname):
        return url.strip().rstrip("/")
    raise UnsafeUrlError(f"Adresse refusée : « {url} ». HTTPS est obligatoire ; HTTP n'est permis que vers cette "
                         "machine (127.0.0.1, localhost), pour le bac à sable.")
