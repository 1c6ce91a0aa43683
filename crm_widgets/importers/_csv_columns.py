"""What each column of a HubSpot CRM export CSV holds: a property, an id, or links."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..store import Store

# HubSpot's default property labels, as its exports write them, per object type.
DEFAULT_LABELS: dict[str, dict[str, str]] = {
    "contacts": {
        "First Name": "firstname", "Last Name": "lastname", "Email": "email",
        "Phone Number": "phone", "Mobile Phone Number": "mobilephone",
        "Contact owner": "hubspot_owner_id", "Create Date": "createdate",
        "Lifecycle Stage": "lifecyclestage", "Lead Status": "hs_lead_status",
        "Buying Role": "hs_buying_role", "Job Title": "jobtitle",
        "Company Name": "company", "City": "city", "State/Region": "state",
        "Country/Region": "country", "Last Activity Date": "notes_last_updated",
        "Last Contacted": "notes_last_contacted", "Last Modified Date":
            "lastmodifieddate", "Marketing contact status": "hs_marketable_status",
        "Website URL": "website",
    },
    "companies": {
        "Company name": "name", "Company Domain Name": "domain",
        "Company owner": "hubspot_owner_id", "Create Date": "createdate",
        "Industry": "industry", "Phone Number": "phone", "City": "city",
        "State/Region": "state", "Postal Code": "zip", "Country/Region": "country",
        "Number of Employees": "numberofemployees", "Annual Revenue": "annualrevenue",
        "Lifecycle Stage": "lifecyclestage", "Time Zone": "timezone",
        "Description": "description", "LinkedIn Company Page": "linkedin_company_page",
        "Last Activity Date": "notes_last_updated", "Last Modified Date":
            "hs_lastmodifieddate",
    },
    "deals": {
        "Deal Name": "dealname", "Deal Stage": "dealstage", "Amount": "amount",
        "Close Date": "closedate", "Pipeline": "pipeline", "Deal owner":
            "hubspot_owner_id", "Create Date": "createdate", "Deal Type": "dealtype",
        "Last Activity Date": "notes_last_updated", "Last Modified Date":
            "hs_lastmodifieddate", "Deal Description": "description",
    },
    "tickets": {
        "Ticket name": "subject", "Ticket description": "content",
        "Pipeline": "hs_pipeline", "Ticket status": "hs_pipeline_stage",
        "Priority": "hs_ticket_priority", "Ticket owner": "hubspot_owner_id",
        "Create date": "createdate", "Create Date": "createdate",
        "Source": "source_type", "Category": "hs_ticket_category",
        "Last Activity Date": "notes_last_updated",
    },
}

# Headers that give an export's object type away, tried in this order.
_MARKERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("deals", ("Deal Name", "Deal Stage", "Deal owner")),
    ("tickets", ("Ticket name", "Ticket status", "Ticket owner")),
    ("contacts", ("Contact owner", "First Name", "Last Name", "Email")),
    ("companies", ("Company owner", "Company Domain Name", "Company name")),
)

_ASSOCIATION = re.compile(
    r"^(?P<primary>Primary )?Associated (?P<type>Contact|Company|Deal|Ticket)"
    r"(?P<ids> IDs?)?$", re.IGNORECASE)
_TYPE_WORDS = {"contact": "contacts", "company": "companies", "deal": "deals",
               "ticket": "tickets"}
_NOT_WORD = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class Column:
    """One CSV column: its position, header, and what it becomes.

    ``kind`` is ``id``, ``property``, ``owner``, ``date``, ``association``,
    ``primary_association`` or ``skip``; ``name`` is the property name or, for
    associations, the object type at the other end.
    """

    index: int
    label: str
    kind: str
    name: str

    @property
    def sql(self) -> str:
        """The generated column name in the staging table (never the header text)."""
        return f"c{self.index}"

    @property
    def parsed_sql(self) -> str:
        """The staging column holding a date column's cells parsed as TIMESTAMPs."""
        return f"t{self.index}"


def infer_object_type(labels: list[str]) -> str | None:
    """The object type an export's headers point to, or None."""
    present = {label.strip() for label in labels}
    for object_type, markers in _MARKERS:
        if present & set(markers):
            return object_type
    return None


def snake_case(label: str) -> str:
    """A property name for a label nobody defined.

    Example:
        >>> snake_case("Favourite Colour")
        'favourite_colour'
    """
    return _NOT_WORD.sub("_", label.strip().lower()).strip("_") or "column"


def map_columns(store: Store, object_type: str, labels: list[str],
                date_names: frozenset[str]) -> list[Column]:
    """What each header means: definitions first, then defaults, then snake_case."""
    defined = {label.lower(): name for name, label in store.con.execute(
        "SELECT name, label FROM property_definitions WHERE object_type = ?",
        [object_type]).fetchall()}
    defaults = {k.lower(): v for k, v in DEFAULT_LABELS.get(object_type, {}).items()}
    columns = []
    for index, raw in enumerate(labels):
        label = raw.strip()
        key = label.lower()
        match = _ASSOCIATION.match(label)
        if key == "record id":
            columns.append(Column(index, label, "id", "id"))
        elif match and match["ids"]:
            kind = "primary_association" if match["primary"] else "association"
            columns.append(Column(index, label, kind,
                                  _TYPE_WORDS[match["type"].lower()]))
        elif match:
            # "Associated Company" holds names, not ids: the ids column says it all.
            columns.append(Column(index, label, "skip", ""))
        else:
            name = defined.get(key) or defaults.get(key) or snake_case(label)
            kind = ("owner" if name == "hubspot_owner_id"
                    else "date" if name in date_names else "property")
            columns.append(Column(index, label, kind, name))
    return columns
