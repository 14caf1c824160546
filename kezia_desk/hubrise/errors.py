"""Typed HubRise errors a caller can act on, each with a French sentence for the cashier or the manager.

None of them ever carries the access token: messages are built from status codes and HubRise's own texts.
"""
from __future__ import annotations

from ..domain.errors import UserFacingError


class HubRiseError(UserFacingError):
    """Base class. `transient` errors are worth retrying later; the others need someone to act."""

    transient = False
    default_message = "HubRise a refusé la demande."


class TokenInvalidError(HubRiseError):
    """401: revoked, blocked or suspended connection. Polling pauses until a manager reconnects."""

    REASONS = {
        "revoked": "La connexion à HubRise a été révoquée ou le jeton n'est plus valable.",
        "blocked": "La connexion à HubRise a été bloquée.",
        "suspended": "Le compte HubRise est suspendu (abonnement impayé).",
        "unknown": "HubRise refuse le jeton de connexion.",
    }

    def __init__(self, reason: str = "unknown", detail: str | None = None) -> None:
        self.reason = reason if reason in self.REASONS else "unknown"
        super().__init__(self.REASONS[self.reason] + " Un responsable doit reconnecter la caisse "
                         "(Paramètres Web > Connexion).", detail=detail)

    @classmethod
    def from_message(cls, message: str | None) -> TokenInvalidError:
        text = (message or "").lower()
        if "suspended" in text:
            return cls("suspended", message)
        if "blocked" in text:
            return cls("blocked", message)
        if "revoked" in text or "invalid" in text:
            return cls("revoked", message)
        return cls("unknown", message)


class ForbiddenError(HubRiseError):
    default_message = "HubRise refuse cette opération pour cette connexion (droits insuffisants)."


class NotFoundError(HubRiseError):
    default_message = "HubRise ne connaît pas cet élément."


class ValidationError(HubRiseError):
    """422: HubRise could not process the data; `errors` is its list of {field, message}."""

    def __init__(self, errors: list[dict] | None = None, detail: str | None = None) -> None:
        self.errors = errors or []
        fields = ", ".join(str(e.get("field")) for e in self.errors if isinstance(e, dict))
        super().__init__("HubRise a refusé des données invalides" + (f" : {fields}." if fields else "."),
                         detail=detail)


class RateLimitedError(HubRiseError):
    transient = True

    def __init__(self, retry_after: float, detail: str | None = None) -> None:
        self.retry_after = retry_after
        super().__init__(f"Trop de demandes envoyées à HubRise : nouvel essai dans {int(retry_after + 0.999)} s.",
                         detail=detail)


class ServerError(HubRiseError):
    transient = True

    def __init__(self, status: int, detail: str | None = None) -> None:
        self.status = status
        super().__init__(f"HubRise rencontre un problème (erreur {status}) ; nouvel essai automatique.",
                         detail=detail)


class NetworkError(HubRiseError):
    transient = True
    default_message = "HubRise est injoignable (réseau ou connexion coupée) ; nouvel essai automatique."


class HubRiseTimeoutError(NetworkError):
    default_message = "HubRise ne répond pas à temps ; nouvel essai automatique."


class BadResponseError(HubRiseError):
    transient = True
    default_message = "Réponse illisible de HubRise ; nouvel essai automatique."


class UnsafeUrlError(HubRiseError, ValueError):
    default_message = "Adresse refusée : HTTPS obligatoire (HTTP seulement vers cette machine)."


class UnreadableOrderError(HubRiseError):
    default_message = "Commande HubRise illisible : elle est mise de côté avec son contenu brut."


class OAuthError(HubRiseError):
    default_message = "La connexion à HubRise a échoué."


class CatalogOwnedByAccountError(HubRiseError):
    """401 on updating a catalog that belongs to the account, with a location connection. HubRise's catalogs page:
    "an account access token is required to modify an account level catalog. A 401 (unauthorized request) error
    code is returned otherwise." The token is fine: the manager must not be told to reconnect."""

    default_message = ("Ce catalogue appartient au compte HubRise (il est partagé par tous ses établissements) : "
                       "la connexion de la caisse, faite pour un établissement, ne peut pas le remplacer. "
                       "Modifiez-le depuis HubRise, ou refaites la connexion en choisissant un catalogue propre à "
                       "l'établissement.")
