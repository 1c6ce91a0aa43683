"""Dates on the page for a fixed clock, zone and locale (visual guide section 9).

``js/format.js`` imports nothing, so Chromium loads it as it is, with a stand-in
model holding the ``locale`` and ``time_zone`` traits.
"""

from __future__ import annotations

import pytest

from .conftest import REPO, make_page

pytestmark = pytest.mark.browser

FORMAT = REPO / "js" / "format.js"
# Thursday 12 March 2026, 08:00 UTC: 09:00 in Berlin, 04:00 in New York.
NOW = "2026-03-12T08:00:00Z"
CALL = """async ([source, fn, iso, locale, zone, now]) => {
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  const format = await import(url);
  const traits = { locale, time_zone: zone };
  const model = { get: (name) => traits[name] };
  return format[fn](iso, model, Date.parse(now));
}"""


@pytest.fixture(scope="module")
def fmt(browser, tmp_path_factory):
    """Call one function of format.js in Chromium: fmt(fn, iso, locale, zone)."""
    page = make_page(browser)
    blank = tmp_path_factory.mktemp("dates") / "blank.html"
    blank.write_text("<p></p>")
    page.goto(blank.as_uri())
    source = FORMAT.read_text("utf-8")

    def call(fn, iso, locale="en-GB", zone="Europe/Berlin"):
        return page.evaluate(CALL, [source, fn, iso, locale, zone, NOW])

    yield call
    problems = list(page.problems)
    page.context.close()
    assert problems == []


@pytest.mark.parametrize(("iso", "shown"), [
    ("2026-03-12T07:59:30Z", "just now"),
    ("2026-03-12T07:48:00Z", "12 min ago"),
    ("2026-03-12T10:00:00Z", "in 2 hours"),
    ("2026-03-12T05:00:00Z", "3 hours ago"),
    ("2026-03-11T20:00:00Z", "Yesterday"),
    ("2026-03-13T08:00:00Z", "Tomorrow 09:00"),
    ("2026-03-09T08:00:00Z", "3 days ago"),
    ("2026-03-05T08:00:00Z", "5 Mar"),
    ("2025-12-24T12:00:00Z", "24 Dec 2025"),
])
def test_relative_times_in_berlin(fmt, iso, shown):
    assert fmt("relativeTime", iso) == shown


def test_days_are_counted_in_the_portal_zone(fmt):
    """Symptom: times were placed in the browser's day, not the portal's."""
    late = "2026-03-11T23:30:00Z"  # 00:30 on the 12th in Berlin, 19:30 the 11th in NY
    assert fmt("relativeTime", late, zone="Europe/Berlin") == "8 hours ago"
    assert fmt("relativeTime", late, zone="America/New_York") == "Yesterday"
    assert fmt("monthLabel", "2026-02-28T23:30:00Z") == "March 2026"
    assert fmt("monthLabel", "2026-02-28T23:30:00Z", zone="UTC") == "February 2026"


def test_tooltip_and_due_dates_are_absolute_with_the_zone(fmt):
    assert fmt("absoluteTime", NOW) == "Thu, 12 Mar 2026, 09:00 CET"
    assert fmt("absoluteTime", NOW, zone="America/New_York") == \
        "Thu, 12 Mar 2026, 04:00 GMT-4"
    assert fmt("dateTime", "2026-03-13T08:00:00Z") == "Fri 13 Mar, 09:00"
    assert fmt("dateTime", "2027-01-05T08:00:00Z") == "Tue, 5 Jan 2027, 09:00"


def test_other_locales_and_an_unknown_zone(fmt):
    assert fmt("relativeTime", "2026-03-12T07:48:00Z", locale="de-DE") == "vor 12 Min."
    assert fmt("relativeTime", "2026-03-11T20:00:00Z", locale="de-DE") == "Gestern"
    assert fmt("relativeTime", "2026-03-12T07:59:30Z", locale="de-DE") == "Jetzt"
    # A zone the browser does not know: the browser's own, as with no zone at all.
    unknown = fmt("absoluteTime", NOW, zone="Mars/Base")
    assert unknown == fmt("absoluteTime", NOW, zone="")
    assert unknown != fmt("absoluteTime", NOW, zone="Asia/Tokyo")
