"""Temporary lookup tables the demo's SQL fills text from (names, templates, owners)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..model import ENGAGEMENT_TYPES
from ..text import html_to_text
from .portal import Portal
from .vocab import PRODUCTS, TEMPLATES, TOPICS, WEEKDAYS

# {slot} -> the lookup column that fills it, in the order the fill macro takes them.
_FILL_MACRO = """
CREATE OR REPLACE TEMP MACRO demo_fill(s, first, company, topic, product, owner, day)
AS replace(replace(replace(replace(replace(replace(s,
    '{first}', first), '{company}', company), '{topic}', topic),
    '{product}', product), '{owner}', owner), '{day}', day)
"""


def template_table() -> pd.DataFrame:
    """Every template with a global number, its type, and its text without tags.

    The text version is made by the same ``html_to_text`` the importers use, so
    filling it gives exactly the search text of the filled HTML.
    """
    rows = []
    for code, kind in enumerate(ENGAGEMENT_TYPES):
        for title, body in TEMPLATES[kind]:
            rows.append({"tmpl": len(rows), "type_code": code, "title": title,
                         "body_html": body, "body_text": html_to_text(body)})
    return pd.DataFrame(rows)


def template_ranges() -> tuple[np.ndarray, np.ndarray]:
    """Per engagement type code: first template number and number of templates."""
    sizes = np.asarray([len(TEMPLATES[k]) for k in ENGAGEMENT_TYPES])
    return np.concatenate(([0], np.cumsum(sizes)[:-1])), sizes


def create_lookups(portal: Portal) -> None:
    """Register names, templates and owners as temp tables for the bulk SQL."""
    con, pools, a = portal.con, portal.pools, portal.arrays
    tables = {
        "demo_templates": template_table(),
        "demo_first": _named(pools["first"]),
        "demo_company": pd.concat([pd.DataFrame({"pos": [-1], "name": ["your team"]}),
                                   _named(pools["company_name"])]),
        "demo_topic": _named(TOPICS),
        "demo_product": _named([p[0] for p in PRODUCTS]),
        "demo_day": _named(WEEKDAYS),
        "demo_owner": pd.DataFrame({"pos": np.arange(len(a["owner_id"])),
                                    "id": a["owner_id"],
                                    "name": pools["owner_first"],
                                    "email": pools["owner_email"]}),
        "demo_contact": pd.DataFrame({"pos": np.arange(portal.counts["contacts"]),
                                      "email": a["contact_email"]}),
    }
    for name, frame in tables.items():
        con.register("demo_frame", frame)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM demo_frame")
        con.unregister("demo_frame")
    con.execute(_FILL_MACRO)


def drop_lookups(portal: Portal) -> None:
    """Remove the temp tables (they would vanish with the connection anyway)."""
    for name in ("demo_templates", "demo_first", "demo_company", "demo_topic",
                 "demo_product", "demo_day", "demo_owner", "demo_contact"):
        portal.con.execute(f"DROP TABLE IF EXISTS {name}")


def _named(values) -> pd.DataFrame:
    return pd.DataFrame({"pos": np.arange(len(values)), "name": list(values)})
