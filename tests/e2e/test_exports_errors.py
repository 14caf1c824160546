"""The E/S exports fail with a French sentence and lose nothing when HubRise cannot take them."""
import asyncio

import pytest

from kezia_desk.domain.order import Customer
from kezia_desk.hubrise.errors import HubRiseError
from kezia_desk.sandbox.state import CATALOG_ID, CUSTOMER_LIST_ID
from kezia_desk.services.connection import CONNECTION_SETTING


def outcome(qtbot, coro):
    """Run a service coroutine on the till's loop (as a button does) and return its result or raise its error."""
    task = asyncio.ensure_future(coro)
    qtbot.waitUntil(task.done, timeout=10_000)
    return task.result()


def test_exports_explain_what_is_missing_or_what_went_wrong(qtbot, connected, live_sandbox):
    kezia = connected()
    exports = kezia.services.exports
    # Connected by a token from the environment: HubRise did not say which catalog or list to use.
    with pytest.raises(HubRiseError, match="Aucun catalogue HubRise"):
        outcome(qtbot, exports.export_catalog())
    kezia.services.settings.set(CONNECTION_SETTING, {"platform": "Bac à sable", "api_url": live_sandbox.api_url,
                                                     "catalog_id": CATALOG_ID, "customer_list_id": CUSTOMER_LIST_ID})
    before = live_sandbox.sandbox.state.catalogs[CATALOG_ID]["data"]
    live_sandbox.sandbox.faults.set(fail_next=5, fail_status=503, paths=["/catalogs/"])
    with pytest.raises(HubRiseError) as failure:
        outcome(qtbot, exports.export_catalog())
    assert "HubRise" in failure.value.message_fr and live_sandbox.sandbox.state.catalogs[CATALOG_ID]["data"] == before
    live_sandbox.sandbox.faults.clear()
    assert "Catalogue envoyé" in outcome(qtbot, exports.export_catalog())
    # A customer export cut by a revoked token: what was sent stays sent, the rest goes on the next run.
    for n in range(3):
        kezia.services.customers.save(Customer(first_name=f"Client{n}", phone=f"+3360000000{n}"))
    live_sandbox.sandbox.faults.set(fail_next=1, fail_status=401, paths=["/customers"], methods=["POST"])
    with pytest.raises(HubRiseError, match="(?i)jeton|connexion"):
        outcome(qtbot, exports.export_customers())
    live_sandbox.sandbox.faults.clear()
    assert "3 créés" in outcome(qtbot, exports.export_customers())
    assert len(live_sandbox.sandbox.state.customers[CUSTOMER_LIST_ID]) == 3
    kezia.link.disconnect()
    with pytest.raises(HubRiseError, match="n'est pas connectée"):
        outcome(qtbot, exports.export_customers())
