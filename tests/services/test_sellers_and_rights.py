"""Sellers and rights without Qt: unique names whatever the case and accents, never deleted, never without an
active manager; a manager's PIN given for someone else's action is an override naming both."""
from __future__ import annotations

import pytest

from kezia_desk.domain.seller import name_key
from kezia_desk.services.manager_access import ManagerAccess, ManagerAccessError
from kezia_desk.services.rights import Override, ProtectedAction, RightsService
from kezia_desk.services.sellers import SellerError, SellerService
from kezia_desk.store.database import open_database


@pytest.fixture
def sellers(tmp_path):
    db = open_database(tmp_path)
    yield SellerService(db)
    db.conn.close()


def test_names_are_unique_whatever_the_case_accents_and_spaces(sellers):
    lea = sellers.create_seller("  Léa   Martin ")
    assert lea.name == "Léa Martin"
    for twin in ("lea martin", "LÉA MARTIN", "Lea  Martín"):
        with pytest.raises(SellerError, match="déjà pris par « Léa Martin »"):
            sellers.create_seller(twin)
    paul = sellers.create_seller("Paul")
    with pytest.raises(SellerError, match="déjà pris"):
        sellers.rename(paul.id, "léa martin")
    assert sellers.rename(paul.id, "PAUL").name == "PAUL"  # one's own name in other letters is fine
    assert name_key("Ŝtéphane  Ærø") == name_key("stephane ærø")
    assert [s.name for s in sellers.list_sellers()] == ["Léa Martin", "PAUL"]


def test_a_deactivated_seller_stays_and_keeps_their_name(sellers):
    paul = sellers.create_seller("Paul")
    sellers.set_active(paul.id, False)
    assert sellers.list_sellers() == [] and [s.name for s in sellers.list_all()] == ["Paul"]
    with pytest.raises(SellerError, match="désactivé : réactivez-le plutôt"):
        sellers.create_seller("paul")
    assert sellers.set_active(paul.id, True).active


def test_the_last_active_manager_can_neither_leave_nor_be_demoted(sellers):
    sophie = sellers.create_seller("Sophie", is_manager=True, pin="1234")
    for change in (lambda: sellers.set_active(sophie.id, False), lambda: sellers.set_manager(sophie.id, False)):
        with pytest.raises(SellerError, match="Sophie est le dernier gérant actif"):
            change()
    karim = sellers.create_seller("Karim")
    with pytest.raises(SellerError, match="Donnez d'abord un code PIN à Karim"):
        sellers.set_manager(karim.id, True)
    sellers.set_pin(karim.id, "5678")
    assert sellers.set_manager(karim.id, True).is_manager
    assert not sellers.set_manager(sophie.id, False).is_manager  # another manager remains: allowed
    assert sellers.verify_manager_pin("5678").name == "Karim" and sellers.verify_manager_pin("1234") is None
    with pytest.raises(SellerError, match="Karim est le dernier gérant actif"):
        sellers.set_active(karim.id, False)


def test_bad_input_is_refused_in_french_and_changes_nothing(sellers):
    for call, message in ((lambda: sellers.create_seller("   "), "nom du vendeur est obligatoire"),
                          (lambda: sellers.create_seller("x" * 41), "trop long"),
                          (lambda: sellers.create_seller("Chef", is_manager=True), "doit avoir un code PIN"),
                          (lambda: sellers.create_seller("Chef", is_manager=True, pin="12a4"), "de 4 à 8 chiffres"),
                          (lambda: sellers.rename(999, "Personne"), "n'existe plus")):
        with pytest.raises(ValueError, match=message):
            call()
    assert sellers.list_all() == [] and not sellers.has_manager()


def test_changes_are_announced_with_the_seller_and_what_changed_in_french(sellers):
    heard = []
    sellers.changed.add(lambda change: heard.append((change.seller.id, change.what)))
    sophie = sellers.create_seller("Sophie", is_manager=True, pin="1234")
    paul = sellers.create_seller("Paul")
    sellers.rename(paul.id, "Paulo")
    sellers.set_pin(paul.id, "5678")
    sellers.set_manager(paul.id, True)
    sellers.set_manager(paul.id, False)
    sellers.set_active(paul.id, False)
    sellers.set_active(paul.id, True)
    with pytest.raises(SellerError):
        sellers.set_active(sophie.id, False)  # refused: nothing announced
    assert heard == [(sophie.id, "vendeur « Sophie » créé (gérant)"), (paul.id, "vendeur « Paul » créé"),
                     (paul.id, "vendeur « Paul » renommé « Paulo »"), (paul.id, "code PIN de « Paulo » changé"),
                     (paul.id, "« Paulo » nommé gérant"), (paul.id, "« Paulo » n'est plus gérant"),
                     (paul.id, "vendeur « Paulo » désactivé"), (paul.id, "vendeur « Paulo » réactivé")]


def test_a_managers_pin_for_someone_elses_action_is_an_override_naming_both(sellers):
    sophie = sellers.create_seller("Sophie", is_manager=True, pin="1234")
    karim = sellers.create_seller("Karim")
    rights = RightsService(sellers, ManagerAccess(sellers))
    heard: list[Override] = []
    rights.overrides.add(heard.append)
    assert rights.refusal(ProtectedAction.CANCEL_PAID_TICKET, karim) == (
        "Karim n'est pas gérant : pour annuler un ticket qui a des règlements, un gérant tape son code.")
    assert rights.authorize(ProtectedAction.CANCEL_PAID_TICKET, karim, "1234") == sophie
    assert [(o.action, o.actor.name, o.manager.name) for o in heard] == [
        (ProtectedAction.CANCEL_PAID_TICKET, "Karim", "Sophie")]
    assert heard[0].describe_fr() == "Sophie a autorisé Karim à annuler un ticket qui a des règlements"
    rights.authorize(ProtectedAction.SETTINGS, sophie, "1234")  # her own action: no override
    rights.authorize(ProtectedAction.ARTICLES, None, "1234")  # nobody else was acting: no override
    with pytest.raises(ManagerAccessError):
        rights.authorize(ProtectedAction.SELLERS, karim, "0000")
    assert len(heard) == 1


def test_every_protected_action_has_a_french_label_and_a_stable_code():
    codes = {action.value for action in ProtectedAction}
    assert {"articles", "cancel_paid_ticket", "refund", "z_closure", "training_mode", "settings",
            "sellers"} <= codes
    assert all(action.label and action.label[0].islower() for action in ProtectedAction)


def test_each_of_several_managers_is_found_by_their_own_code_only(sellers):
    """With several managers the codes are checked side by side (threads): each code still names its own
    manager, a cashier's code or a wrong one names nobody."""
    for name, pin in (("Sophie", "1234"), ("Karim", "5678"), ("Léa", "2468")):
        sellers.create_seller(name, is_manager=True, pin=pin)
    sellers.create_seller("Paul", pin="1357")
    found = {pin: sellers.verify_manager_pin(pin) for pin in ("1234", "5678", "2468", "1357", "0000")}
    assert {pin: (s.name if s else None) for pin, s in found.items()} == {
        "1234": "Sophie", "5678": "Karim", "2468": "Léa", "1357": None, "0000": None}
