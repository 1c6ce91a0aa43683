"""RecordView's timeline pages name the filter choice they answer, out of order too."""

from __future__ import annotations

import pytest

from tests.record_view_portal import build_portal
from tests.test_record_view import from_browser, intent, open_view


@pytest.fixture
def portal(store):
    build_portal(store)
    return store


def test_a_page_answering_an_older_choice_says_so(portal):
    """Symptom: a "Calls" type tab clicked while the kernel was still busy was lost,
    the timeline showing every type: a page answering an earlier choice reached the
    browser after the new choice and was drawn as its answer."""
    view = open_view(portal)
    assert view.timeline["request"] == 0

    # The page chose Calls (its request 1) but still holds the change back, as the
    # widget does while the kernel answers an earlier message; a Load more sent
    # meanwhile overtakes it and is answered with the filter Python still has.
    late = intent(view, kind="load_more")
    assert late["ok"] is True
    overtaking = view.comm.states("timeline")[-1]
    from_browser(view, timeline_filter={"tab": "calls"}, timeline_request=1)
    answer = view.comm.states("timeline")[-1]

    assert overtaking["request"] == 0
    assert overtaking["offset"] == 50
    assert {i["type"] for i in overtaking["items"]} > {"call"}
    assert answer["request"] == 1
    assert answer["offset"] == 0
    assert answer["total"] == 13
    assert {i["type"] for i in answer["items"]} == {"call"}
    assert view.timeline_request == 1


def test_choice_and_its_number_arrive_together_and_are_answered_once(portal):
    view = open_view(portal)
    before = len(view.comm.states("timeline"))

    from_browser(view, timeline_filter={"tab": "notes"}, timeline_request=1)
    from_browser(view, timeline_filter={"tab": "calls"}, timeline_request=2)

    pages = view.comm.states("timeline")[before:]
    assert [(p["request"], {i["type"] for i in p["items"]}) for p in pages] == [
        (1, {"note"}), (2, {"call"})]


def test_a_filter_set_from_python_answers_the_latest_page_choice(portal):
    """A notebook cell setting the filter must be drawn: its page carries the
    number of the page's latest choice, not an older one."""
    view = open_view(portal)
    from_browser(view, timeline_filter={"tab": "calls"}, timeline_request=3)

    view.timeline_filter = {"tab": "emails"}

    page = view.comm.states("timeline")[-1]
    assert page["request"] == 3
    assert {i["type"] for i in page["items"]} == {"email"}


def test_reloads_after_an_intent_carry_the_current_number(portal):
    view = open_view(portal)
    from_browser(view, timeline_filter={"tab": "notes"}, timeline_request=4)
    note = view.timeline["items"][0]
    comments = note["comment_count"] or 0

    intent(view, kind="add_comment", activity_id=note["id"], body="Call back Monday")

    page = view.comm.states("timeline")[-1]
    assert page["request"] == 4
    again = next(i for i in page["items"] if i["id"] == note["id"])
    assert again["comment_count"] == comments + 1
