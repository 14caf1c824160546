"""Shared test set-up: offscreen Qt, one qasync loop for the whole session, shared fixtures.

Fixtures live in tests/kd_fixtures/ (one module per area) and are re-exported here so every test sees them.
"""
from __future__ import annotations

import asyncio
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")

# Imported here, while pytest collects: hypothesis's plugin otherwise imports (and assertion-rewrites, with
# ast.parse) the package at the end of a run that used none of it, and CPython 3.11.7's AST converter, once left
# broken during the run (« AST constructor recursion depth mismatch », a CPython bug fixed in later releases),
# turned a green partial run into a crash at its summary.
import hypothesis  # noqa: F401
import pytest
import qasync
from kd_fixtures.app import *  # noqa: F403
from kd_fixtures.sandbox import *  # noqa: F403


@pytest.fixture(scope="session")
def _session_qasync_loop(qapp):
    """One qasync loop on Qt's thread for the whole session (never stopped: docs/dev/testing.md « Known pitfalls »)."""
    qapp.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.events._set_running_loop(None)
    yield loop


@pytest.fixture
def qasync_loop(_session_qasync_loop):
    """The session's qasync loop, marked running only during the test that asks for it.

    Coroutines scheduled with asyncio.ensure_future run while qtbot.waitUntil / qtbot.wait spin Qt.
    Outside these tests no loop is marked running, so pytest-asyncio tests keep their own loops.
    Beware: qtbot.waitUntil passes at once when its callable returns None; return a bool.
    """
    loop = _session_qasync_loop
    asyncio.set_event_loop(loop)
    asyncio.events._set_running_loop(loop)
    yield loop
    asyncio.events._set_running_loop(None)
    asyncio.set_event_loop(None)
