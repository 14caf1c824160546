"""Personnalisation's rules, without Qt: bounds refused with a French message, odd stored values brought back."""
from __future__ import annotations

import pytest

from kezia_desk.domain.order import OrderStatus
from kezia_desk.services.preferences import (
    POLL_INTERVAL_SETTING,
    POLL_RANGE,
    REPEAT_RANGE,
    SEND_NONE,
    SEND_WEB_CLIENT,
    TAKE_CHARGE_SETTING,
    PreferenceError,
    Preferences,
)
from kezia_desk.services.settings import SettingsService
from kezia_desk.store.database import open_database


@pytest.fixture
def settings(tmp_path):
    db = open_database(tmp_path)
    yield SettingsService(db)
    db.conn.close()


def test_poll_interval_bounds_are_refused_in_french_and_kept_unchanged(settings):
    preferences = Preferences(settings)
    preferences.set_poll_interval(45)
    for wrong in (POLL_RANGE[0] - 1, POLL_RANGE[1] + 1):
        with pytest.raises(PreferenceError, match="L'intervalle de relève doit être entre 30 et 300 s"):
            preferences.set_poll_interval(wrong)
    assert preferences.poll_interval == 45


@pytest.mark.parametrize(("stored", "read"), [(5, POLL_RANGE[0]), (10_000, POLL_RANGE[1]), ("abc", 30),
                                              (None, 30), ("60.0", 60)])
def test_an_odd_stored_interval_never_breaks_the_till(settings, stored, read):
    settings.set(POLL_INTERVAL_SETTING, stored)
    assert Preferences(settings).poll_interval == read


def test_alert_repetition_bounds(settings):
    preferences = Preferences(settings)
    preferences.set_alert_repeat_seconds(REPEAT_RANGE[0])
    assert preferences.alert_repeat_seconds == 0
    with pytest.raises(PreferenceError, match="entre 0"):
        preferences.set_alert_repeat_seconds(REPEAT_RANGE[1] + 1)


def test_take_charge_status_accepts_only_the_statuses_of_preparation(settings):
    preferences = Preferences(settings)
    assert preferences.take_charge_status is OrderStatus.IN_PREPARATION
    preferences.set_take_charge_status(OrderStatus.AWAITING_COLLECTION)
    assert preferences.take_charge_status is OrderStatus.AWAITING_COLLECTION
    with pytest.raises(PreferenceError, match="ne peut pas être le statut"):
        preferences.set_take_charge_status(OrderStatus.REJECTED)
    settings.set(TAKE_CHARGE_SETTING, "garbage")
    assert preferences.take_charge_status is OrderStatus.IN_PREPARATION


def test_send_mode_defaults_to_none_and_refuses_unknown_modes(settings):
    preferences = Preferences(settings)
    assert preferences.send_mode == SEND_NONE
    preferences.set_send_mode(SEND_WEB_CLIENT)
    assert preferences.send_mode == SEND_WEB_CLIENT
    with pytest.raises(PreferenceError, match="Mode d'envoi inconnu"):
        preferences.set_send_mode("fax")
