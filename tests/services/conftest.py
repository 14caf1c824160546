"""Qt-free service tests share one demo shop per test (tests/services/shop.py builds it as the composition root
does)."""
import pytest
from shop import build_shop


@pytest.fixture
def shop(tmp_path):
    shop = build_shop(tmp_path)
    yield shop
    shop.db.conn.close()
