"""The compare-models chart: a Vega-Lite spec carrying the table's values inline."""

from __future__ import annotations

import importlib.util
import sys

import pandas as pd

from crm_widgets.attribution import attribution_chart


def test_chart_spec_holds_every_value():
    table = pd.DataFrame({"first_interaction": [1.0, 0.0], "linear": [0.6, 0.4]},
                         index=pd.Index(["SOCIAL", "EMAIL"], name="channel"))
    spec = attribution_chart(table).to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["xOffset"]["field"] == "model"
    assert spec["encoding"]["x"]["sort"] == ["SOCIAL", "EMAIL"]
    (rows,) = spec["datasets"].values()
    assert sorted((r["channel"], r["model"], r["credit"]) for r in rows) == [
        ("EMAIL", "first_interaction", 0.0), ("EMAIL", "linear", 0.4),
        ("SOCIAL", "first_interaction", 1.0), ("SOCIAL", "linear", 0.6)]


def test_chart_renders_without_a_cdn():
    table = pd.DataFrame({"linear": [2.0]}, index=pd.Index(["EMAIL"], name="channel"))
    chart = attribution_chart(table).properties(width=200)
    bundle = chart._repr_mimebundle_()
    spec = bundle["application/vnd.vegalite.v5+json"]
    assert spec["$schema"].endswith("vega-lite/v5.json")
    assert spec["width"] == 200
    (rows,) = spec["datasets"].values()
    assert rows == [{"channel": "EMAIL", "model": "linear", "credit": 2.0}]
    assert "cdn" not in str(bundle).lower()
    # A static SVG goes along only where the optional vl-convert is installed.
    if importlib.util.find_spec("vl_convert") is None:
        assert "image/svg+xml" not in bundle
    else:
        assert "<svg" in bundle["image/svg+xml"]


def test_chart_without_vl_convert_still_renders(monkeypatch):
    """Without the optional vl-convert the chart must still display, just no SVG."""
    monkeypatch.setitem(sys.modules, "vl_convert", None)
    table = pd.DataFrame({"linear": [2.0]}, index=pd.Index(["EMAIL"], name="channel"))
    bundle = attribution_chart(table)._repr_mimebundle_()
    assert set(bundle) == {"application/vnd.vegalite.v5+json", "text/plain"}


def test_chart_values_ignore_last_bit_float_noise():
    """Two credits that differ only in the last bits (as a matrix inverse gives on
    different CPUs) make the same spec, so a saved notebook output stays valid."""
    one = pd.DataFrame({"markov": [9.666655487412111]},
                       index=pd.Index(["EMAIL"], name="channel"))
    other = pd.DataFrame({"markov": [9.666655487412113]},
                         index=pd.Index(["EMAIL"], name="channel"))
    assert attribution_chart(one).to_dict() == attribution_chart(other).to_dict()
    (rows,) = attribution_chart(one).to_dict()["datasets"].values()
    assert rows[0]["credit"] == 9.666655487
