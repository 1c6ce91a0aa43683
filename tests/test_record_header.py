"""The record header names each fact once: the stage as a tag, not also as a line."""

from __future__ import annotations

from tests.record_view_portal import build_portal
from tests.test_record_view import open_view


def test_deal_stage_is_shown_once_as_a_tag(store):
    """Symptom: a deal's header showed "Presentation scheduled" twice, as a text
    line under the name and as the stage tag."""
    build_portal(store)
    header = open_view(store, "deals", 3001).header
    texts = [line["text"] for line in header["lines"]]
    assert texts == ["48000", "2026-04-30T00:00:00"]
    assert [(t["text"], t["variant"]) for t in header["tags"]] == [
        ("Presentation scheduled", "info")]


def test_ticket_status_is_shown_once_and_the_pipeline_stays(store):
    build_portal(store)
    header = open_view(store, "tickets", 7001).header
    tag_texts = [t["text"] for t in header["tags"]]
    line_texts = [line["text"] for line in header["lines"]]
    assert not set(tag_texts) & set(line_texts)
    assert line_texts == ["Support pipeline"]
