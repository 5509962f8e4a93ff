"""``kiosk customers forget``: found by phone, email, member number or id; shown masked;
confirmed; erased here and in the store database; never a contact detail on screen or in
the log."""

from __future__ import annotations

import logging
import uuid

import pytest
from sqlalchemy.orm import Session

from kiosk.db.models import Customer
from kiosk.db.outbox import save
from main import main
from tests.clients.privacy.helpers import (
    EMAIL_TYPED,
    MEMBER,
    NAME,
    NOTE_A,
    PHONE_TYPED,
    STORE_ID,
    case_for,
    client_visit,
    enrol,
    found,
    key_date_for,
    needles,
    sync,
)


@pytest.fixture
def env(monkeypatch, tmp_path, content_dir):  # type: ignore[no-untyped-def]
    values = {
        "KIOSK_LOCAL_DB_PATH": str(tmp_path / "kiosk-a" / "kiosk.sqlite3"),
        "KIOSK_LOG_DIR": str(tmp_path / "kiosk-a" / "logs"),
        "KIOSK_SECRET_KEY_FILE": str(tmp_path / "kiosk-a" / "secret.key"),
        "KIOSK_STORE_ID": STORE_ID,
        "KIOSK_KIOSK_ID": "kiosk-a",
        "KIOSK_CONTENT_DIR": str(content_dir),
        "KIOSK_STORE_DB_CONNECT_TIMEOUT_S": "2",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    return values


def run(capsys, caplog, *argv: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """Run the command; assert nothing personal was printed or logged; return (code, out)."""
    caplog.set_level(logging.DEBUG)
    code = main(["customers", "forget", *argv])
    out, err = capsys.readouterr()
    shown = out + err + "\n".join(r.getMessage() for r in caplog.records)
    leaked = [w for w in needles() if w.casefold() in shown.casefold()]
    assert leaked == [], leaked
    return code, out + err


def customer(rt, **fields):  # type: ignore[no-untyped-def]
    with Session(rt.engine) as s, s.begin():
        row = Customer(store_id=STORE_ID, preferences={}, **fields)
        save(s, row)
        return row.id


def test_no_match_says_so_and_changes_nothing(env, make_kiosk, capsys, caplog):
    kiosk = make_kiosk("kiosk-a")
    client = enrol(kiosk)
    code, out = run(capsys, caplog, "--phone", "+33 1 42 68 53 00", "--yes")
    assert code == 1
    assert "no client matches in this kiosk" in out
    assert "nothing was changed" in out
    with Session(kiosk.engine) as s:
        assert s.get(Customer, client.id).full_name == NAME


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--phone", "walnut"], "--phone: that is not a phone number"),
        (["--email", "someone@"], "that email is not complete"),
        (["--id", "not-a-uuid"], "--id: not a client id"),
    ],
)
def test_bad_inputs_get_a_clear_message(env, make_kiosk, capsys, caplog, argv, says):
    kiosk = make_kiosk("kiosk-a")
    enrol(kiosk)
    code, out = run(capsys, caplog, *argv, "--yes")
    assert code == 2
    assert says in out


def test_several_matches_are_listed_masked_then_one_is_forgotten_by_id(
    env, make_kiosk, capsys, caplog
):
    kiosk = make_kiosk("kiosk-a")
    client = enrol(kiosk)
    other = customer(kiosk, full_name="Marchand Junior", phone="+442079460018")
    code, out = run(capsys, caplog, "--phone", "0044 20 7946 0018")  # typed another way
    assert code == 1
    assert "2 clients match" in out
    assert str(client.id) in out
    assert str(other) in out
    assert "É. M." in out  # initials only
    assert "•••• 18" in out

    code, out = run(capsys, caplog, "--id", str(client.id), "--yes")
    assert code == 0, out
    assert "1 associate note" not in out  # no visit yet: nothing but the profile
    assert "erased on this kiosk" in out
    assert "no store database is set" in out
    with Session(kiosk.engine) as s:
        assert s.get(Customer, client.id).erased_at is not None
        assert s.get(Customer, other).full_name == "Marchand Junior"  # the other one stays

    code, out = run(capsys, caplog, "--id", str(client.id), "--yes")
    assert code == 0
    assert "already forgotten" in out


def test_without_yes_and_without_a_terminal_nothing_is_erased(env, make_kiosk, capsys, caplog):
    kiosk = make_kiosk("kiosk-a")
    client = enrol(kiosk)
    code, out = run(capsys, caplog, "--member", MEMBER.lower())
    assert code == 2
    assert "0 associate note(s) emptied" in out  # what would be erased was shown
    assert "no terminal to confirm on" in out
    with Session(kiosk.engine) as s:
        assert s.get(Customer, client.id).full_name == NAME


@pytest.mark.postgres
def test_a_client_of_another_kiosk_is_forgotten_through_the_store(
    env, make_kiosk, store_url, monkeypatch, capsys, caplog
):
    monkeypatch.setenv("KIOSK_STORE_DB_URL", store_url)
    here = make_kiosk("kiosk-a", store_url)  # never synced: knows nothing of the client
    other = make_kiosk("kiosk-b", store_url)
    client = enrol(other)
    visit = client_visit(other, client, NOTE_A, nps=10, outcome="purchased")
    case_for(other, None, visit)  # the client's complaint at that visit's farewell
    key_date_for(other, client)  # a date they shared, and their advisor
    sync(other, store_url)

    code, out = run(capsys, caplog, "--email", EMAIL_TYPED, "--yes")
    assert code == 0, out
    assert "1 associate note(s) emptied" in out
    assert "1 service-recovery case(s) emptied of their words and contact" in out
    assert "1 visit(s) kept as anonymous statistics" in out
    assert "1 key date(s) erased, and the advisor unassigned" in out
    assert "erased in the store database" in out
    assert "erased on this kiosk" not in out  # it had nothing of them
    sync(other, store_url)
    from kiosk.sync import open_store

    store = open_store(store_url)
    assert found({"store": store, "b": other.engine, "a": here.engine}, needles()) == []
    store.dispose()


def test_store_unreachable_erases_here_and_says_the_store_follows(
    env, make_kiosk, monkeypatch, capsys, caplog
):
    monkeypatch.setenv("KIOSK_STORE_DB_URL", "postgresql+psycopg://kiosk@127.0.0.1:9/store")
    kiosk = make_kiosk("kiosk-a")
    client = enrol(kiosk)
    code, out = run(capsys, caplog, "--phone", PHONE_TYPED, "--yes")
    assert code == 0, out
    assert "did not answer: searched this kiosk's copy only" in out
    assert "erased on this kiosk" in out
    assert "when this kiosk next syncs" in out
    with Session(kiosk.engine) as s:
        assert s.get(Customer, client.id).erased_at is not None


def test_unknown_id(env, make_kiosk, capsys, caplog):
    make_kiosk("kiosk-a")
    code, out = run(capsys, caplog, "--id", str(uuid.uuid4()), "--yes")
    assert code == 1
    assert "no client matches" in out


@pytest.mark.postgres
def test_a_client_enrolled_here_not_yet_synced_is_found_and_forgotten(
    env, make_kiosk, store_url, monkeypatch, capsys, caplog
):
    monkeypatch.setenv("KIOSK_STORE_DB_URL", store_url)
    kiosk = make_kiosk("kiosk-a", store_url)
    enrol(kiosk)  # the store has not heard of them yet
    code, out = run(capsys, caplog, "--member", MEMBER, "--yes")
    assert code == 0, out
    assert "did not answer" not in out
    assert "erased on this kiosk" in out
    assert "the store database does not have this client yet" in out
    sync(kiosk, store_url)  # only the tombstone ever reaches the store
    from kiosk.sync import open_store

    store = open_store(store_url)
    assert found({"store": store, "a": kiosk.engine}, needles()) == []
    store.dispose()
