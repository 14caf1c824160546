"""Customers of the till (COMMANDES, Envoi Clients): the rules a customer must meet before it is saved.

Screens talk to this service, never to the store. The phone is kept in E.164 (HubRise's customers page: "The
E.164 format must be used for any new implementation"), read from whatever the cashier typed (« 06 12 34 56 78 »,
« +44 20… »), and shown back the French way by the screens (domain.phone.display_fr).
"""
from __future__ import annotations

from ..domain.order import Customer
from ..domain.phone import PhoneError, to_e164
from ..store.customers import CustomerStore


class CustomerError(ValueError):
    """A customer the till refuses to save; the message is French and nothing typed is lost."""


class CustomerService:
    def __init__(self, store: CustomerStore) -> None:
        self.store = store

    def save(self, customer: Customer) -> Customer:
        """Check, normalise (phone in E.164, trimmed fields) and store; returns the customer with its local id.
        Raises CustomerError with a French sentence."""
        if not (customer.last_name or customer.first_name):
            raise CustomerError("Indiquez au moins le nom ou le prénom du client.")
        if not (customer.phone or customer.email):
            raise CustomerError("Indiquez un téléphone ou un e-mail pour pouvoir joindre le client.")
        if customer.email and "@" not in customer.email:
            raise CustomerError("L'adresse e-mail n'est pas valide.")
        if customer.phone:
            try:
                customer.phone = to_e164(customer.phone)
            except PhoneError as error:
                raise CustomerError(str(error)) from None
        return self.store.save(customer)

    def get(self, local_id: int) -> Customer | None:
        return self.store.get(local_id)

    def search(self, text: str = "", limit: int = 50) -> list[Customer]:
        """By name, e-mail or phone as typed (« 06 12 », « 06.12 » or « +33 6 12 » find +33612…)."""
        compact = text.strip().replace(" ", "").replace(".", "")
        return self.store.search(compact if compact.lstrip("+").isdigit() else text, limit)

    def all(self) -> list[Customer]:
        return self.store.all()

    def set_hubrise_id(self, local_id: int, hubrise_id: str) -> None:
        self.store.set_hubrise_id(local_id, hubrise_id)
