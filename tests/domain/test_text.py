"""Text rules: accent folding for search boxes, and lone surrogates made readable (issue 16)."""
import json

from kezia_desk.domain.text import fold, has_lone_surrogate, readable_json
from kezia_desk.hubrise.mapping import order_from_hubrise


def test_fold_finds_accented_words():
    assert fold("Crème Brûlée") == "creme brulee"


def test_lone_surrogates_become_replacement_characters_in_keys_and_values():
    decoded = json.loads('{"id": "o\\ud800", "customer": {"first_name": "Zo\\udfff"}, "k\\udc00": ["\\udbff", 3]}')
    readable, count = readable_json(decoded)
    assert readable == {"id": "o\ufffd", "customer": {"first_name": "Zo\ufffd"}, "k\ufffd": ["\ufffd", 3]}
    assert count == 4
    json.dumps(readable, ensure_ascii=False).encode("utf-8")  # UTF-8 text can hold it now
    assert not has_lone_surrogate(readable["id"]) and has_lone_surrogate(decoded["id"])


def test_a_valid_pair_and_plain_text_are_left_as_they_are():
    decoded = json.loads('{"note": "\\ud83c\\udf55 Regina", "name": "Zoé"}')  # 🍕: a pair, one character
    readable, count = readable_json(decoded)
    assert readable is decoded and count == 0


def test_the_mapping_flags_an_order_whose_text_was_unreadable():
    order = order_from_hubrise(json.loads('{"id": "o1", "status": "new", "collection_code": "A\\ud800", "items": []}'))
    assert order.collection_code == "A\ufffd"
    assert any("Texte illisible" in detail for detail in order.flag_details)
    assert not order_from_hubrise({"id": "o2", "status": "new", "collection_code": "A1"}).flags
