"""A phone number typed in national form finds the client stored with the country code, read
with the store's country (``store_country``) by the phonenumbers library."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from kiosk.clients.lookup import find_query, parse_key
from kiosk.clients.phones import normalise_phone
from kiosk.db.models import Base, Consent, Customer

AT = dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC)


@pytest.fixture
def engine(tmp_path):  # type: ignore[no-untyped-def]
    engine = create_engine(f"sqlite:///{tmp_path / 'k.db'}")
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


def add_client(engine, name: str, phone: str) -> None:  # type: ignore[no-untyped-def]
    with Session(engine) as s, s.begin():
        customer = Customer(store_id="s1", full_name=name, phone=phone, created_at=AT)
        s.add(customer)
        s.flush()
        s.add(
            Consent(
                customer_id=customer.id,
                purpose="clienteling",
                wording_version="v1",
                language="en",
                given_via="kiosk",
                given_at=AT,
            )
        )


def found(engine, typed: str, country: str) -> list[str | None]:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return [c.full_name for c in s.scalars(find_query("s1", parse_key(typed, country)))]


def test_a_national_number_finds_the_client_stored_with_the_country_code(engine):
    add_client(engine, "Héloïse", normalise_phone("+33 6 12 34 56 78", "FR"))
    assert found(engine, "06 12 34 56 78", "FR") == ["Héloïse"]
    assert found(engine, "0612345678", "FR") == ["Héloïse"]
    assert found(engine, "+33 6 12 34 56 78", "FR") == ["Héloïse"]


def test_stored_in_national_form_it_is_found_by_the_international_one(engine):
    add_client(engine, "Héloïse", normalise_phone("06 12 34 56 78", "FR"))
    assert found(engine, "+33 6 12 34 56 78", "FR") == ["Héloïse"]
    assert found(engine, "0033 6 12 34 56 78", "FR") == ["Héloïse"]


def test_the_store_country_decides_how_a_national_number_reads(engine):
    add_client(engine, "Wang", "+8613800138000")
    assert found(engine, "138 0013 8000", "CN") == ["Wang"]
    assert found(engine, "138 0013 8000", "FR") == []  # not a French number
    assert normalise_phone("(212) 555-0123", "US") == "+12125550123"


def test_a_client_stored_before_numbers_had_a_country_is_still_found(engine):
    add_client(engine, "Camille", "0612345678")  # the old digits-only form
    assert found(engine, "06 12 34 56 78", "FR") == ["Camille"]
