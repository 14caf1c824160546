"""The manager PIN lock, without Qt: three wrong codes lock the pad for 30 s, then 1 min, 2 min, 5 min, whoever
asks; a right code starts the count again. The clock is moved, never slept on."""
from __future__ import annotations

import pytest

from kezia_desk.services.manager_access import (
    LOCK_SECONDS,
    LOCK_STEPS,
    MAX_TRIES,
    ManagerAccess,
    ManagerAccessError,
    wait_fr,
)
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


def fail_three_times(manager_access) -> str:
    for _ in range(MAX_TRIES - 1):
        with pytest.raises(ManagerAccessError):
            manager_access.check("9999")
    with pytest.raises(ManagerAccessError) as refused:
        manager_access.check("9999")
    return str(refused.value)


def test_the_right_code_opens_and_resets_the_count(access):
    manager_access, _ = access
    with pytest.raises(ManagerAccessError, match="encore 2 essais"):
        manager_access.check("0000")
    assert manager_access.check("1234").name == "Sophie"
    for left in ("2 essais", "1 essai\\."):  # the count starts again after a success; a real singular
        with pytest.raises(ManagerAccessError, match=f"encore {left}"):
            manager_access.check("9999")


def test_three_wrong_codes_lock_even_the_right_one_for_30_seconds(access):
    manager_access, clock = access
    assert LOCK_SECONDS == 30
    assert fail_three_times(manager_access) == "Code gérant erroné 3 fois : clavier verrouillé 30 s."
    clock.now += 10
    with pytest.raises(ManagerAccessError, match="réessayez dans 20 s"):
        manager_access.check("1234")
    clock.now += 20
    assert manager_access.locked_for() == 0
    assert manager_access.check("1234").is_manager


def test_each_new_lock_lasts_longer_until_a_right_code(access):
    manager_access, clock = access
    said = []
    for seconds in (*LOCK_STEPS, LOCK_STEPS[-1]):
        said.append(fail_three_times(manager_access).rsplit("verrouillé ", 1)[1])
        assert manager_access.locked_for() == seconds
        clock.now += seconds
    assert said == ["30 s.", "1 min.", "2 min.", "5 min.", "5 min."]
    assert manager_access.check("1234").name == "Sophie"
    assert fail_three_times(manager_access).endswith("30 s.")  # a right code starts the ladder again


def test_the_wait_reads_in_minutes_and_seconds(access):
    manager_access, clock = access
    for _ in range(2):
        fail_three_times(manager_access)
        clock.now += manager_access.locked_for()
    fail_three_times(manager_access)  # third lock: 2 min
    clock.now += 30
    with pytest.raises(ManagerAccessError, match="réessayez dans 1 min 30 s"):
        manager_access.check("1234")
    assert [wait_fr(s) for s in (0, 59, 60, 61, 300)] == ["0 s", "59 s", "1 min", "1 min 1 s", "5 min"]


def test_an_empty_code_counts_as_wrong_and_never_matches_a_seller_without_pin(access):
    manager_access, _ = access
    with pytest.raises(ManagerAccessError, match="encore 2 essais"):
        manager_access.check("   ")


def test_without_any_manager_the_pad_says_so_and_counts_nothing(tmp_path):
    db = open_database(tmp_path)
    try:
        manager_access = ManagerAccess(SellerService(db))
        for _ in range(MAX_TRIES + 1):
            with pytest.raises(ManagerAccessError, match="Aucun gérant n'est enregistré"):
                manager_access.check("1234")
        assert manager_access.locked_for() == 0
    finally:
        db.conn.close()
