"""CustomerService: the customer rules live here (not in the screens), phones kept in E.164."""
import pytest

from kezia_desk.domain.order import Customer
from kezia_desk.services.customers import CustomerError, CustomerService
from kezia_desk.store.customers import CustomerStore
from kezia_desk.store.database import open_database


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path)
    yield database
    database.conn.close()


def test_saved_phones_are_e164_and_found_as_typed(db):
    """HubRise's customers page: "The E.164 format must be used for any new implementation"."""
    service = CustomerService(CustomerStore(db))
    zoe = service.save(Customer(first_name="Zoé", last_name="Durand", phone="06 11 22 33 44"))
    assert zoe.local_id and service.get(zoe.local_id).phone == "+33611223344"
    for typed in ("06 11 22", "06.11.22.33", "+33 6 11", "0611223344"):
        assert [c.local_id for c in service.search(typed)] == [zoe.local_id], typed
    assert [c.local_id for c in service.search("zoe")] == [zoe.local_id]
    abroad = service.save(Customer(first_name="Tom", phone="+44 20 7946 0958"))
    assert abroad.phone == "+442079460958"


@pytest.mark.parametrize("customer, message", [
    (Customer(phone="0611223344"), "nom ou le prénom"),
    (Customer(first_name="Zoé"), "téléphone ou un e-mail"),
    (Customer(first_name="Zoé", email="zoe.example.fr"), "e-mail n'est pas valide"),
    (Customer(first_name="Zoé", phone="06 11 22"), "« 06 11 22 » n'est pas valide"),
])
def test_refusals_are_french_and_nothing_is_stored(db, customer, message):
    service = CustomerService(CustomerStore(db))
    with pytest.raises(CustomerError, match=message):
        service.save(customer)
    assert service.all() == []


def test_migration_600_rewrites_phones_saved_as_typed(tmp_path):
    """An installation whose customers were saved before the phone rule: the migration rewrites readable numbers
    in E.164 and leaves an unreadable one as it was."""
    old = open_database(tmp_path)
    for name, phone in (("Ana", "06 12 34 56 78"), ("Bob", "voir avec Ana"), ("Cyd", "+33 1 23 45 67 89")):
        old.execute("INSERT INTO customers (first_name, phone, search_text, created_at, updated_at) "
                    "VALUES (?, ?, '', 'x', 'x')", [name, phone])
    old.execute("DELETE FROM schema_version WHERE version = 600")
    old.conn.close()
    db = open_database(tmp_path)
    phones = {c.first_name: c.phone for c in CustomerStore(db).all()}
    assert phones == {"Ana": "+33612345678", "Bob": "voir avec Ana", "Cyd": "+33123456789"}
    assert [c.first_name for c in CustomerStore(db).search("0612")] == ["Ana"]
    db.conn.close()
