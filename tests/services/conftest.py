"""Qt-free service tests share one demo shop per test (tests/kd_fixtures/shop.py builds it with the composition
root's build_services)."""
import pytest
from kd_fixtures.shop import build_shop


@pytest.fixture
def shop(tmp_path):
    shop = build_shop(tmp_path)
    yield shop
    shop.db.conn.close()
