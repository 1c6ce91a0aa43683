"""Attribution reports on a small hand-made portal whose credits are worked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from crm_widgets.attribution import (
    attribution_report,
    compare_models,
    record_attribution,
)
from crm_widgets.attribution.reports import KIND_MODELS
from crm_widgets.errors import RecordNotFoundError

C1, C2, C3, D1, D2 = 101, 102, 103, 201, 202

# (id, contact, day in January 2024 (32 = Feb 1), channel, type, campaign, logged call)
INTERACTIONS = [
    (1, C1, 1, "ORGANIC_SEARCH", "PAGE_VIEW", None, False),
    (2, C1, 5, "PAID_SEARCH", "AD_CLICK", "Spring", False),
    (3, C1, 10, "EMAIL", "FORM_SUBMISSION", "Spring", False),  # at C1's creation
    (4, C1, 20, "EMAIL", "EMAIL_CLICK", "Spring", False),
    (5, C1, 32, "DIRECT", "PAGE_VIEW", None, False),
    (6, C1, 25, "OFFLINE", "CALL", None, True),  # logged call
    (7, C2, 12, "SOCIAL", "PAGE_VIEW", None, False),
    (8, C2, 18, "DIRECT", "PAGE_VIEW", None, False),
]


def jan(day):
    return pd.Timestamp("2024-01-01") + pd.Timedelta(days=day - 1)


@pytest.fixture
def portal(store):
    with store.transaction() as con:
        for object_type, record_id, day in [("contacts", C1, 10), ("contacts", C2, 15),
                                            ("contacts", C3, 3), ("deals", D1, 28),
                                            ("deals", D2, 16)]:
            con.execute("INSERT INTO records (object_type, id, created_at) "
                        "VALUES (?, ?, ?)", [object_type, record_id, jan(day)])
        for record_id, name, value in [
                (D1, "dealstage", "closedwon"), (D1, "amount", "1000"),
                (D1, "closedate", "2024-02-10T00:00:00Z"),
                (D2, "dealstage", "appointmentscheduled"), (D2, "amount", "500")]:
            con.execute("INSERT INTO record_properties VALUES ('deals', ?, ?, ?)",
                        [record_id, name, value])
        for deal, contact in [(D1, C1), (D1, C2), (D2, C2)]:
            con.execute("INSERT INTO associations (from_type, from_id, to_type, to_id,"
                        " type_id) VALUES ('deals', ?, 'contacts', ?, 3)",
                        [deal, contact])
            con.execute("INSERT INTO associations (from_type, from_id, to_type, to_id,"
                        " type_id) VALUES ('contacts', ?, 'deals', ?, 4)",
                        [contact, deal])
        for row in INTERACTIONS:
            con.execute("INSERT INTO marketing_interactions (id, contact_id, "
                        "occurred_at, channel, interaction_type, campaign, "
                        "is_logged_call) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [row[0], row[1], jan(row[2]), *row[3:]])
    return store


def as_dict(report, column="credit"):
    return {k: pytest.approx(v) for k, v in report[column].items()}


def test_contact_create_u_shaped(portal):
    # C1: touches 1, 2, 3 (lead = 3, at creation) -> 0.4 / 0.2 / 0.4. C2: touch 7 -> 1.
    # C3 has no touch and gets no credit.
    report = attribution_report(portal, "contact_create", "u_shaped")
    assert report.index.tolist() == ["SOCIAL", "EMAIL", "ORGANIC_SEARCH", "PAID_SEARCH"]
    assert report["credit"].tolist() == pytest.approx([1.0, 0.4, 0.4, 0.2])
    assert report["share"].tolist() == pytest.approx([0.5, 0.2, 0.2, 0.1])
    assert report.index.name == "channel"


def test_contact_create_by_campaign_and_type(portal):
    by_campaign = attribution_report(portal, "contact_create", "u_shaped",
                                     by="campaign")
    assert as_dict(by_campaign) == {"(no campaign)": 1.4, "Spring": 0.6}
    by_type = attribution_report(portal, "contact_create", "first_interaction",
                                 by="interaction_type")
    # Groups that were touched but got nothing stay in the report with 0.
    assert as_dict(by_type) == {"PAGE_VIEW": 2.0, "AD_CLICK": 0.0,
                                "FORM_SUBMISSION": 0.0}


def test_contact_create_window(portal):
    report = attribution_report(portal, "contact_create", "linear",
                                start=jan(12), end=jan(20))
    assert as_dict(report) == {"SOCIAL": 1.0}


def test_deal_create_w_shaped_uses_all_associated_contacts(portal):
    # D1 path: 1, 2, 3, 7, 8, 4 (logged call 6 left out, 5 after creation). Lead
    # creation: C1's is 3, C2's is 7 -> the latest, 7. Deal creation: 4.
    # W: 1 -> 0.3, 7 -> 0.3, 4 -> 0.3, 2, 3, 8 -> 0.1/3. D2 path: 7 alone -> 1.
    report = attribution_report(portal, "deal_create", "w_shaped")
    assert as_dict(report) == {"SOCIAL": 1.3, "ORGANIC_SEARCH": 0.3,
                               "EMAIL": 0.3 + 0.1 / 3, "PAID_SEARCH": 0.1 / 3,
                               "DIRECT": 0.1 / 3}


def test_revenue_full_path_times_amount(portal):
    # D1 closed won Feb 10: 1, 2, 3, 7, 8, 4, 5. First 1, lead 7, deal 4, won 5
    # get 225 each; 2, 3, 8 get 100/3. D2 is not closed won.
    report = attribution_report(portal, "revenue", "full_path")
    third = 100 / 3
    assert as_dict(report) == {"EMAIL": 225 + third, "DIRECT": 225 + third,
                               "ORGANIC_SEARCH": 225.0, "SOCIAL": 225.0,
                               "PAID_SEARCH": third}
    assert report["credit"].sum() == pytest.approx(1000)


def test_revenue_leaves_out_logged_calls(portal):
    report = attribution_report(portal, "revenue", "linear")
    assert "OFFLINE" not in report.index
    assert report.loc["EMAIL", "credit"] == pytest.approx(2000 / 7)


def test_closed_won_stage_from_pipeline_definition(portal):
    with portal.transaction() as con:
        con.execute("INSERT INTO pipeline_stages VALUES ('deals', 'sales', 'won-42', "
                    "'Signed', 1, 1.0, true)")
        con.execute("UPDATE record_properties SET value = 'won-42' "
                    "WHERE record_id = ? AND name = 'dealstage'", [D2])
        con.execute("INSERT INTO record_properties VALUES ('deals', ?, 'closedate', ?)",
                    [D2, "1705795200000"])  # 2024-01-21 00:00 UTC in epoch ms
    report = attribution_report(portal, "revenue", "last_interaction")
    # D2: C2's touches up to Jan 21 are 7 and 8 -> last is 8 (DIRECT) with 500.
    assert as_dict(report) == {"DIRECT": 1500.0, "EMAIL": 0.0, "ORGANIC_SEARCH": 0.0,
                               "PAID_SEARCH": 0.0, "SOCIAL": 0.0}


def test_compare_models_side_by_side(portal):
    table = compare_models(portal, "contact_create",
                           models=["first_interaction", "last_interaction"])
    assert table.columns.tolist() == ["first_interaction", "last_interaction"]
    assert table.index[0] == "SOCIAL"
    assert table.loc["SOCIAL"].tolist() == [1.0, 1.0]
    assert table.loc["ORGANIC_SEARCH"].tolist() == [1.0, 0.0]
    assert table.loc["EMAIL"].tolist() == [0.0, 1.0]
    full = compare_models(portal, "deal_create")
    assert full.columns.tolist() == list(KIND_MODELS["deal_create"])
    assert full.sum().to_numpy() == pytest.approx([2.0] * full.shape[1])


def test_record_attribution_for_contact_and_deal(portal):
    contact = record_attribution(portal, "contact", C1, "u_shaped")
    assert contact["touch_id"].tolist() == [1, 2, 3]
    assert contact["credit"].tolist() == pytest.approx([0.4, 0.2, 0.4])
    assert contact["is_lead_creation"].tolist() == [False, False, True]
    deal = record_attribution(portal, "0-3", D1, "w_shaped")
    assert deal["touch_id"].tolist() == [1, 2, 3, 7, 8, 4]
    small = 0.1 / 3
    assert deal["credit"].tolist() == pytest.approx([0.3, small, small, 0.3, small,
                                                     0.3])
    markov = record_attribution(portal, "deals", D1, "markov")
    assert markov["credit"].sum() == pytest.approx(1.0)


def test_record_attribution_errors(portal):
    with pytest.raises(RecordNotFoundError, match="no contacts record with id 999"):
        record_attribution(portal, "contacts", 999, "linear")
    with pytest.raises(ValueError, match="contacts and deals"):
        record_attribution(portal, "companies", 1, "linear")
    with pytest.raises(ValueError, match="'full_path' is not available for "
                                         "deal_create"):
        record_attribution(portal, "deals", D1, "full_path")


def test_report_argument_errors(portal):
    with pytest.raises(ValueError, match="unknown report kind 'signups'"):
        attribution_report(portal, "signups", "linear")
    with pytest.raises(ValueError, match="cannot group attribution by 'owner'"):
        attribution_report(portal, "revenue", "linear", by="owner")
    with pytest.raises(ValueError, match="w_shaped"):
        attribution_report(portal, "contact_create", "w_shaped")
