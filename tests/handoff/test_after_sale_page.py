"""The hand-off page after a purchase, through the production server and the real store
database: the items with their care, the services on real slots, booking, moving and
cancelling up to the cut-off, and the refusals that store nothing."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from kiosk.db.after_sale_rows import ServiceBooking
from tests.handoff.after_sale_helpers import (
    HOB,
    OVEN,
    beyond_cutoff,
    choices,
    count,
    form_fields,
    live_bookings,
    page_env,
    sell,
    text_of,
)

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def test_without_a_purchase_the_page_is_the_selection_alone(store, serve):
    server = serve(**page_env())
    page = server.get(f"/f/{store.links['valid'].token}")
    assert page.status == 200
    assert "Your purchase" not in page.body
    assert "/book" not in page.body
    assert "/invite" not in page.body


def test_after_a_purchase_the_page_shows_the_items_their_care_and_the_services(store, serve):
    token = store.links["valid"].token
    sell(store.engine, token, OVEN, HOB)
    server = serve(**page_env())
    page = server.get(f"/f/{token}")
    assert page.status == 200
    seen = text_of(page.body)
    assert "<title>Your purchase · " in page.body  # nothing personal in the title
    assert "Atelier 60 Pyrolytic Oven" in seen
    assert "Finish · Brushed steel, bronze knobs" in seen  # the oven's, by its pack name
    assert "Quantity · 2" in seen  # the hob
    assert page.body.count('<details class="care">') == 2  # one care guide per item
    assert "How to care for it" in seen
    assert "Your selection" in seen  # the selection is still there, below
    # one booking form per service the purchase needs, free slots grouped by day
    assert "Choose a time for your delivery." in seen
    assert "Choose a time for your installation." in seen
    # a refusal comes back scrolled to its form: the form's address names its section
    assert f'action="/f/{token}/book#book-' in page.body
    offered = choices(page.body, "book")
    assert offered
    assert all("/" in c for c in offered)
    tomorrow = dt.datetime.now().astimezone().date() + dt.timedelta(days=1)
    assert offered[0] == f"{tomorrow.isoformat()}/morning"
    assert "Morning 08:00–12:00" in seen
    assert "Afternoon 13:00–18:00" in seen
    assert tomorrow.strftime("%A") in seen  # "Tuesday 8 December" as the day's heading
    # the purchase's own question, asked once the sale is recorded
    assert "How was your purchase with us?" in seen


def test_the_chinese_page_speaks_chinese_throughout(store, serve):
    token = store.links["zh"].token
    sell(store.engine, token, OVEN)
    server = serve(**page_env())
    page = server.get(f"/f/{token}")
    assert page.status == 200
    seen = text_of(page.body)
    assert "您的订单" in seen
    assert "高温自洁烤箱" in seen
    assert "保养指南" in seen
    assert "拉丝钢，青铜旋钮" in seen
    assert "请选择配送时间。" in seen
    assert "上午 08:00–12:00" in seen
    tomorrow = dt.datetime.now().astimezone().date() + dt.timedelta(days=1)
    assert f"{tomorrow.month}月{tomorrow.day}日" in seen
    assert "Morning" not in seen
    assert "Choose a time" not in seen


def test_booking_a_free_slot_then_moving_and_cancelling_it(store, serve):
    token = store.links["valid"].token
    purchase = sell(store.engine, token, HOB)
    server = serve(**page_env())
    page = server.get(f"/f/{token}")
    # an afternoon clear of the cut-off, so it can still be moved
    wanted = next(v for v in beyond_cutoff(choices(page.body, "book")) if v.endswith("/afternoon"))
    sent = server.post(f"/f/{token}/book", {**form_fields(page.body, "book"), "choice": wanted})
    assert sent.status == 303, text_of(sent.body)
    assert sent.headers["location"].startswith(f"/f/{token}?done=booked")
    after = server.get(sent.headers["location"])
    seen = text_of(after.body)
    assert "Your booking is confirmed" in seen
    assert "Afternoon · 13:00–18:00" in seen
    assert "Choose a time for your delivery." not in seen  # booked: no booking form left
    [booking] = live_bookings(store.engine, purchase)
    assert (booking.day.isoformat(), booking.slot) == tuple(wanted.split("/"))
    assert booking.booked_via == "page"

    later = choices(after.body, "move")[-1]
    moved = server.post(f"/f/{token}/move", {**form_fields(after.body, "move"), "choice": later})
    assert moved.status == 303, text_of(moved.body)
    [now_booked] = live_bookings(store.engine, purchase)
    assert (now_booked.day.isoformat(), now_booked.slot) == tuple(later.split("/"))
    assert now_booked.replaces_id == booking.id

    page = server.get(moved.headers["location"])
    assert "Your booking has been moved." in text_of(page.body)
    cancel_form = form_fields(page.body, "cancel")
    gone = server.post(f"/f/{token}/cancel", cancel_form)
    assert gone.status == 303
    assert live_bookings(store.engine, purchase) == []
    page = server.get(gone.headers["location"])
    assert "Your booking has been cancelled." in text_of(page.body)
    assert "Choose a time for your delivery." in text_of(page.body)  # free to book again
    # the cancelled booking sent again: refused plainly, nothing changes
    again = server.post(f"/f/{token}/cancel", cancel_form)
    assert again.status == 409
    assert "This booking can no longer be changed here" in text_of(again.body)
    assert count(store.engine, ServiceBooking) == 2


@pytest.mark.parametrize(
    ("choice", "message"),
    [
        ("yesterday", "That day cannot be booked"),
        ("closed", "That day cannot be booked"),
        ("far", "That day cannot be booked"),
        ("unknown-slot", "That time cannot be booked"),
        ("garbage", "Please choose one of the times shown"),
        ("", "Please choose one of the times shown"),
    ],
)
def test_a_slot_that_cannot_be_booked_is_refused_with_a_clear_message(
    store, serve, choice, message
):
    token = store.links["valid"].token
    purchase = sell(store.engine, token, HOB)
    closed = dt.datetime.now().astimezone().date() + dt.timedelta(days=3)
    server = serve(**page_env(KIOSK_SERVICE_CLOSED_DAYS=closed.isoformat()))
    today = dt.datetime.now().astimezone().date()
    sent_choice = {
        "yesterday": f"{today - dt.timedelta(days=1)}/morning",
        "closed": f"{closed}/morning",
        "far": f"{today + dt.timedelta(days=400)}/morning",
        "unknown-slot": f"{today + dt.timedelta(days=2)}/midnight",
        "garbage": "tomorrow please",
        "": "",
    }[choice]
    page = server.get(f"/f/{token}")
    assert f"{closed}/morning" not in choices(page.body, "book")  # a closed day is not offered
    refused = server.post(
        f"/f/{token}/book", {**form_fields(page.body, "book"), "choice": sent_choice}
    )
    assert refused.status == 422
    assert message in text_of(refused.body)
    assert 'role="alert"' in refused.body
    assert live_bookings(store.engine, purchase) == []


def test_forms_for_another_customers_purchase_or_forged_are_refused(store, serve):
    token, other = store.links["valid"].token, store.links["zh"].token
    sell(store.engine, token, HOB)
    theirs = sell(store.engine, other, HOB)
    server = serve(**page_env())
    page = server.get(f"/f/{token}")
    fields, wanted = form_fields(page.body, "book"), choices(page.body, "book")[0]
    stolen = server.post(f"/f/{token}/book", {**fields, "purchase": str(theirs), "choice": wanted})
    assert stolen.status == 404
    forged = server.post(f"/f/{token}/book", {**fields, "csrf": "1.0.x", "choice": wanted})
    assert forged.status == 403
    assert "This form has expired" in text_of(forged.body)
    elsewhere = server.post(
        f"/f/{other}/book", {**fields, "choice": wanted}
    )  # signed for another link
    assert elsewhere.status == 403
    assert count(store.engine, ServiceBooking) == 0


def test_the_loser_of_a_race_for_the_last_place_is_offered_the_next_free_times(store, serve):
    first, second = store.links["valid"].token, store.links["other"].token
    mine, theirs = sell(store.engine, first, HOB), sell(store.engine, second, HOB)
    server = serve(**page_env())
    pages = {t: server.get(f"/f/{t}") for t in (first, second)}
    last_place = choices(pages[first].body, "book")[0]  # tomorrow morning: one delivery
    assert last_place == choices(pages[second].body, "book")[0]
    replies: dict[str, object] = {}
    go = threading.Barrier(2)

    def send(token: str) -> None:
        go.wait()
        fields = form_fields(pages[token].body, "book")
        replies[token] = server.post(f"/f/{token}/book", {**fields, "choice": last_place})

    racers = [threading.Thread(target=send, args=(t,)) for t in (first, second)]
    for r in racers:
        r.start()
    for r in racers:
        r.join(30)
    statuses = sorted(r.status for r in replies.values())  # type: ignore[attr-defined]
    assert statuses == [303, 409]
    loser = next(r for r in replies.values() if r.status == 409)  # type: ignore[attr-defined]
    seen = text_of(loser.body)  # type: ignore[attr-defined]
    assert "That time has just been taken. These are the next free times:" in seen
    alternatives = choices(loser.body, "book")  # type: ignore[attr-defined]
    assert 1 <= len(alternatives) <= 3
    assert last_place not in alternatives
    winners = live_bookings(store.engine, mine) + live_bookings(store.engine, theirs)
    assert len(winners) == 1
    # the loser takes one of the alternatives offered
    loser_token = first if replies[first].status == 409 else second  # type: ignore[attr-defined]
    retry = server.post(
        f"/f/{loser_token}/book",
        {**form_fields(loser.body, "book"), "choice": alternatives[0]},  # type: ignore[attr-defined]
    )
    assert retry.status == 303


def test_past_the_cutoff_the_page_says_to_call_the_store(store, serve):
    token = store.links["valid"].token
    purchase = sell(store.engine, token, HOB)
    server = serve(**page_env())
    page = server.get(f"/f/{token}")
    sent = server.post(
        f"/f/{token}/book",
        {**form_fields(page.body, "book"), "choice": beyond_cutoff(choices(page.body, "book"))[0]},
    )
    assert sent.status == 303
    fresh = server.get(f"/f/{token}")
    move_fields, move_to = form_fields(fresh.body, "move"), choices(fresh.body, "move")[-1]
    cancel_fields = form_fields(fresh.body, "cancel")
    server.process.terminate()
    server.process.wait(10)
    # the store's cut-off is now longer than the time left before the slot
    strict = serve(**page_env(KIOSK_SERVICE_CUTOFF_HOURS="720"))
    page = strict.get(f"/f/{token}")
    seen = text_of(page.body)
    assert "too close to change online" in seen
    assert 'href="tel:+33142000000"' in page.body
    assert "/move" not in page.body
    assert "/cancel" not in page.body
    [before] = live_bookings(store.engine, purchase)
    for path, fields in (("move", {**move_fields, "choice": move_to}), ("cancel", cancel_fields)):
        refused = strict.post(f"/f/{token}/{path}", fields)
        assert refused.status == 409, path
        assert "please call the store" in text_of(refused.body)
    [after] = live_bookings(store.engine, purchase)
    assert (after.id, after.day, after.slot) == (before.id, before.day, before.slot)
