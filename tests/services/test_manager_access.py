"""The manager PIN lock, without Qt: three wrong codes lock Paramètres Web for a minute, whoever asks."""
from __future__ import annotations

import pytest

from kezia_desk.services.manager_access import LOCK_SECONDS, MAX_TRIES, ManagerAccess, ManagerAccessError
from kezia_desk.services.sellers import SellerService
from kezia_desk.store.database import open_database


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def access(tmp_path):
    db = open_database(tmp_path)
    SellerService(db).create_seller("Sophie", is_manager=True, pin="1234")
    SellerService(db).create_seller("Paul")
    clock = Clock()
    yield ManagerAccess(SellerService(db), clock), clock
    db.conn.close()


def test_the_right_code_opens_and_resets_the_count(access):
    manager_access, _ = access
    with pytest.raises(ManagerAccessError, match="2 essai"):
        manager_access.check("0000")
    assert manager_access.check("1234").name == "Sophie"
    for left in (2, 1):  # the count starts again after a success
        with pytest.raises(ManagerAccessError, match=f"{left} essai"):
            manager_access.check("9999")


def test_three_wrong_codes_lock_even_the_right_one_for_a_minute(access):
    manager_access, clock = access
    for _ in range(MAX_TRIES - 1):
        with pytest.raises(ManagerAccessError):
            manager_access.check("9999")
    with pytest.raises(ManagerAccessError, match="verrouillés pendant 1 minute"):
        manager_access.check("9999")
    clock.now += 10
    with pytest.raises(ManagerAccessError, match=f"réessayez dans {LOCK_SECONDS - 10} s"):
        manager_access.check("1234")
    clock.now += LOCK_SECONDS - 10
    assert manager_access.locked_for() == 0
    assert manager_access.check("1234").is_manager


def test_an_empty_code_counts_as_wrong_and_never_matches_a_seller_without_pin(access):
    manager_access, _ = access
    with pytest.raises(ManagerAccessError, match="2 essai"):
        manager_access.check("   ")
