"""Associations between the demo's records, both directions, with primary and roles."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..model import ASSOCIATION_TYPE_IDS, BUYING_ROLES, PRIMARY_ASSOCIATION_TYPE_IDS
from .contacts import ROLES
from .definitions import ROLE_LABEL_IDS
from .portal import Portal


def link(portal: Portal, from_type: str, from_ids: np.ndarray, to_type: str,
         to_ids: np.ndarray, *, primary: bool = False,
         roles: np.ndarray | None = None) -> None:
    """Store pairs in both directions: unlabeled, primary, or buying-role labels.

    ``roles`` (positions in BUYING_ROLES, -1 for none) gives USER_DEFINED labels.
    """
    for a, a_ids, b, b_ids in ((from_type, from_ids, to_type, to_ids),
                               (to_type, to_ids, from_type, from_ids)):
        frame = pd.DataFrame({"from_id": a_ids, "to_id": b_ids})
        if roles is not None:
            keep = roles >= 0
            role_names = np.asarray(ROLES, dtype=object)[roles[keep]]
            frame = frame[keep].assign(
                type_id=[ROLE_LABEL_IDS[((a, b), r)] for r in role_names],
                label=[BUYING_ROLES[r] for r in role_names],
                category="USER_DEFINED")
        elif primary:
            frame = frame.assign(type_id=PRIMARY_ASSOCIATION_TYPE_IDS[(a, b)],
                                 label="Primary", category="HUBSPOT_DEFINED")
        else:
            frame = frame.assign(type_id=ASSOCIATION_TYPE_IDS[(a, b)], label=None,
                                 category="HUBSPOT_DEFINED")
        portal.insert("associations", frame.assign(from_type=a, to_type=b))


def write_associations(portal: Portal) -> None:
    """Contact-company, deal-company/contact, ticket-company/contact/deal links."""
    a = portal.arrays
    has_company = np.flatnonzero(a["contact_company"] >= 0)
    contact_ids = portal.ids("contacts", has_company)
    company_ids = portal.ids("companies", a["contact_company"][has_company])
    link(portal, "contacts", contact_ids, "companies", company_ids)
    link(portal, "contacts", contact_ids, "companies", company_ids, primary=True)
    for role in ("contact_role1", "contact_role2"):
        link(portal, "contacts", contact_ids, "companies", company_ids,
             roles=a[role][has_company])

    deal_ids = portal.ids("deals")
    deal_company = portal.ids("companies", a["deal_company"])
    link(portal, "deals", deal_ids, "companies", deal_company)
    link(portal, "deals", deal_ids, "companies", deal_company, primary=True)
    pair_deal = portal.ids("deals", a["deal_contact_deal"])
    pair_contact = portal.ids("contacts", a["deal_contact_contact"])
    link(portal, "deals", pair_deal, "contacts", pair_contact)
    # on a deal, a contact carries their first buying role as the label
    link(portal, "contacts", pair_contact, "deals", pair_deal,
         roles=a["contact_role1"][a["deal_contact_contact"]])

    ticket_ids = portal.ids("tickets")
    ticket_company = portal.ids("companies", a["ticket_company"])
    link(portal, "tickets", ticket_ids, "companies", ticket_company)
    link(portal, "tickets", ticket_ids, "companies", ticket_company, primary=True)
    link(portal, "tickets", ticket_ids, "contacts",
         portal.ids("contacts", a["ticket_contact"]))
    deal = ticket_deals(portal)
    linked = deal >= 0
    link(portal, "tickets", ticket_ids[linked], "deals",
         portal.ids("deals", deal[linked]))


def ticket_deals(portal: Portal) -> np.ndarray:
    """For about one ticket in five, the latest deal of its company (else -1)."""
    a = portal.arrays
    rng = portal.rng("ticket-deals")
    latest = np.full(portal.counts["companies"], -1)
    order = np.argsort(a["deal_created"], kind="stable")
    latest[a["deal_company"][order]] = order  # later deals overwrite earlier ones
    deal = latest[a["ticket_company"]]
    return np.where(rng.random(deal.shape[0]) < 0.2, deal, -1)
