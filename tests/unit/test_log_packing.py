"""Packing old change-log entries: what is packed comes back exactly, and the dictionary that
packed entries depend on never changes."""

from __future__ import annotations

import hashlib
import json

import pytest

from lotsen_desktop.store import log_packing


def test_dictionary_1_is_frozen() -> None:
    # entries packed with it are stored for years: editing it would make them unreadable
    digest = hashlib.sha256(log_packing.dictionary(1)).hexdigest()
    assert digest == "cd89eb48dbbc6a90b92f52c83370cb88e8ea969e72ede2b5a4153283d1c20ce5"
    with pytest.raises(ValueError):
        log_packing.dictionary(2)


def test_an_entry_comes_back_exactly_and_about_half_as_long() -> None:
    data = json.dumps(
        {
            "given_name": "İlkay",
            "family_name": "Şahin",
            "title_form": "lotsin",
            "birth_date": "1985-03-02",
            "phone": "0511 4711",
            "email": "ilkay@example.org",
            "street": "Kirchplatz 3",
            "postal_code": "30159",
            "city": "Hannover",
            "migration_experience": True,
            "origin_country": "Türkei",
            "availability": "abends",
            "status": "aktiv",
            "agreement_signed_on": None,
            "police_certificate_seen_on": None,
            "police_certificate_seen_by": "",
            "notes": 'Zeile 1\nZeile 2 "zitiert" – Олена 阮',
            "created_at": "2026-03-01T10:00:00.123456",
            "updated_at": "2026-03-01T10:00:00.123456",
            "changed_by": "koordination",
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
    packed = log_packing.pack(data)
    assert packed is not None and packed[0] == log_packing.CURRENT
    assert len(packed) < len(data.encode()) * 0.6
    assert log_packing.stored_data("", packed) == data
    assert log_packing.stored_data("", memoryview(packed)) == data  # as psycopg returns bytea


def test_data_that_packs_no_smaller_stays_plain_and_plain_data_is_read_as_it_is() -> None:
    assert log_packing.pack("{}") is None
    short = log_packing.pack('{"minutes":5}')  # the dictionary knows the column name
    assert short is not None and log_packing.unpack(short) == '{"minutes":5}'
    assert log_packing.stored_data('{"minutes":5}', None) == '{"minutes":5}'
    assert log_packing.stored_data("", None) == "{}"
