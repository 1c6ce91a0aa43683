"""The HubSpot data model that every part of crm_widgets agrees on.

Object type names, activity types, association type ids and the default properties
shown per object live here, so the store, the importers, the queries and the widget
never spell them differently.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import UnknownObjectTypeError


@dataclass(frozen=True)
class ObjectType:
    """One standard object type, with the names the record page needs."""

    name: str
    object_type_id: str
    label_singular: str
    label_plural: str
    primary_property: str
    secondary_properties: tuple[str, ...]


STANDARD_OBJECTS: dict[str, ObjectType] = {
    o.name: o
    for o in (
        ObjectType("contacts", "0-1", "Contact", "Contacts", "email",
                   ("firstname", "lastname", "jobtitle")),
        ObjectType("companies", "0-2", "Company", "Companies", "name", ("domain",)),
        ObjectType("deals", "0-3", "Deal", "Deals", "dealname",
                   ("amount", "closedate", "dealstage")),
        ObjectType("tickets", "0-5", "Ticket", "Tickets", "subject",
                   ("hs_pipeline", "hs_pipeline_stage")),
    )
}

_SINGULAR = {"contact": "contacts", "company": "companies", "deal": "deals",
             "ticket": "tickets"}
_BY_TYPE_ID = {o.object_type_id: o.name for o in STANDARD_OBJECTS.values()}

# The five engagement types, then the other events that show on a timeline.
ENGAGEMENT_TYPES = ("note", "email", "call", "task", "meeting")
EVENT_TYPES = ("merge", "lifecycle_change", "form_submission", "page_view",
               "record_created", "property_change")
ACTIVITY_TYPES = ENGAGEMENT_TYPES + EVENT_TYPES

# HubSpot's engagement object names (API) for each engagement type.
ENGAGEMENT_OBJECTS = {"notes": "note", "emails": "email", "calls": "call",
                      "tasks": "task", "meetings": "meeting"}

# HUBSPOT_DEFINED association type ids, (from, to) -> id. Primary pairs are listed
# separately because a primary association is stored next to the unlabeled one.
ASSOCIATION_TYPE_IDS: dict[tuple[str, str], int] = {
    ("contacts", "companies"): 279, ("companies", "contacts"): 280,
    ("deals", "contacts"): 3, ("contacts", "deals"): 4,
    ("deals", "companies"): 341, ("companies", "deals"): 342,
    ("tickets", "companies"): 339, ("companies", "tickets"): 340,
    ("contacts", "tickets"): 15, ("tickets", "contacts"): 16,
    ("deals", "tickets"): 27, ("tickets", "deals"): 28,
    ("contacts", "contacts"): 449, ("companies", "companies"): 450,
    ("deals", "deals"): 451, ("tickets", "tickets"): 452,
    ("deals", "line_items"): 19, ("line_items", "deals"): 20,
    ("deals", "quotes"): 63, ("quotes", "deals"): 64,
}
PRIMARY_ASSOCIATION_TYPE_IDS: dict[tuple[str, str], int] = {
    ("contacts", "companies"): 1, ("companies", "contacts"): 2,
    ("deals", "companies"): 5, ("companies", "deals"): 6,
    ("tickets", "companies"): 26, ("companies", "tickets"): 25,
}

# Activity -> record association type ids, per engagement type and record type.
ACTIVITY_ASSOCIATION_TYPE_IDS: dict[tuple[str, str], int] = {
    ("note", "contacts"): 202, ("note", "companies"): 190,
    ("note", "deals"): 214, ("note", "tickets"): 228,
    ("call", "contacts"): 194, ("call", "companies"): 182,
    ("call", "deals"): 206, ("call", "tickets"): 220,
    ("email", "contacts"): 198, ("email", "companies"): 186,
    ("email", "deals"): 210, ("email", "tickets"): 224,
    ("meeting", "contacts"): 200, ("meeting", "companies"): 188,
    ("meeting", "deals"): 212, ("meeting", "tickets"): 226,
    ("task", "contacts"): 204, ("task", "companies"): 192,
    ("task", "deals"): 216, ("task", "tickets"): 230,
}

# Buying roles: the values of the contact property hs_buying_role, with labels.
BUYING_ROLES: dict[str, str] = {
    "BLOCKER": "Blocker",
    "BUDGET_HOLDER": "Budget holder",
    "CHAMPION": "Champion",
    "DECISION_MAKER": "Decision maker",
    "END_USER": "End user",
    "EXECUTIVE_SPONSOR": "Executive sponsor",
    "INFLUENCER": "Influencer",
    "LEGAL_AND_COMPLIANCE": "Legal and compliance",
    "OTHER": "Other",
}

# Header fields of the left sidebar, per object type.
HEADER_FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "contacts": {"primary": ("firstname", "lastname"),
                 "secondary": ("jobtitle", "email")},
    "companies": {"primary": ("name",), "secondary": ("domain",)},
    "deals": {"primary": ("dealname",),
              "secondary": ("amount", "closedate", "dealstage")},
    "tickets": {"primary": ("subject",),
                "secondary": ("hs_pipeline", "hs_pipeline_stage")},
}

# The "About this ..." card's properties, per object type.
ABOUT_PROPERTIES: dict[str, tuple[str, ...]] = {
    "contacts": ("email", "phone", "hubspot_owner_id", "notes_last_contacted",
                 "lifecyclestage", "hs_lead_status"),
    "companies": ("domain", "industry", "phone", "hubspot_owner_id", "city", "state",
                  "zip", "numberofemployees", "annualrevenue", "timezone",
                  "description", "linkedin_company_page"),
    "deals": ("amount", "closedate", "pipeline", "dealstage", "hubspot_owner_id",
              "dealtype", "notes_last_contacted"),
    "tickets": ("content", "hubspot_owner_id", "hs_pipeline", "hs_pipeline_stage",
                "source_type", "hs_ticket_priority", "createdate"),
}

# The Overview tab's data highlights, per object type.
DATA_HIGHLIGHTS: dict[str, tuple[str, ...]] = {
    "contacts": ("createdate", "lifecyclestage", "notes_last_updated"),
    "companies": ("createdate", "lifecyclestage", "notes_last_updated"),
    "deals": ("amount", "closedate", "dealstage", "notes_last_updated"),
    "tickets": ("hs_pipeline_stage", "createdate", "hs_ticket_priority",
                "notes_last_updated"),
}

# Preview properties on association cards, per object type.
PREVIEW_PROPERTIES: dict[str, tuple[str, ...]] = {
    "contacts": ("firstname", "lastname", "email", "phone", "jobtitle"),
    "companies": ("name", "domain", "phone"),
    "deals": ("dealname", "amount", "dealstage", "closedate"),
    "tickets": ("subject", "hs_pipeline_stage", "createdate", "hs_ticket_priority"),
}

# Properties whose values must be unique, cleared when a record is cloned.
UNIQUE_PROPERTIES: dict[str, tuple[str, ...]] = {
    "contacts": ("email",),
    "companies": ("domain",),
    "deals": (),
    "tickets": (),
}


def normalize_object_type(name: str, custom_types: tuple[str, ...] = ()) -> str:
    """Return the API name of an object type given its plural, singular or type id.

    Args:
        name: ``"contacts"``, ``"contact"``, ``"0-1"``, or a custom object's name.
        custom_types: names of the custom object types known to the store.

    Returns:
        The plural API name, such as ``"contacts"``.

    Raises:
        UnknownObjectTypeError: when the name is none of these.

    Example:
        >>> normalize_object_type("Company")
        'companies'
    """
    if not isinstance(name, str):
        raise UnknownObjectTypeError(f"object type must be a string, got {name!r}")
    key = name.strip().lower()
    if key in STANDARD_OBJECTS or key in custom_types:
        return key
    if key in _SINGULAR:
        return _SINGULAR[key]
    if key in _BY_TYPE_ID:
        return _BY_TYPE_ID[key]
    for custom in custom_types:
        if key == custom.rstrip("s") or key + "s" == custom:
            return custom
    known = ", ".join(sorted(STANDARD_OBJECTS) + sorted(custom_types))
    raise UnknownObjectTypeError(
        f"unknown object type {name!r}; expected one of: {known}")

# HubSpot's own labels of standard properties, shown when a portal has no
# property_definitions row for them. "{object}" becomes "Contact", "Deal"...
DEFAULT_PROPERTY_LABELS: dict[str, str] = {
    "hubspot_owner_id": "{object} owner", "createdate": "Create date",
    "closedate": "Close date", "lastmodifieddate": "Last modified date",
    "hs_lastmodifieddate": "Last modified date",
    "notes_last_contacted": "Last contacted",
    "notes_last_updated": "Last activity date",
    "notes_next_activity_date": "Next activity date",
    "hs_lead_status": "Lead status", "lifecyclestage": "Lifecycle stage",
    "firstname": "First name", "lastname": "Last name", "email": "Email",
    "phone": "Phone number", "mobilephone": "Mobile phone number",
    "jobtitle": "Job title", "company": "Company name", "website": "Website URL",
    "name": "Company name", "domain": "Company domain name", "industry": "Industry",
    "city": "City", "state": "State/Region", "zip": "Postal code",
    "country": "Country/Region", "numberofemployees": "Number of employees",
    "annualrevenue": "Annual revenue", "timezone": "Time zone",
    "description": "Description", "linkedin_company_page": "LinkedIn company page",
    "dealname": "Deal name", "amount": "Amount", "dealstage": "Deal stage",
    "pipeline": "Pipeline", "dealtype": "Deal type",
    "hs_pipeline": "Pipeline", "hs_pipeline_stage": "Ticket status",
    "hs_ticket_priority": "Priority", "subject": "Ticket name",
    "content": "Ticket description", "source_type": "Source",
    "hs_ticket_category": "Category", "deal_currency_code": "Currency",
    "hs_analytics_source": "Original source",
    "hs_analytics_num_page_views": "Number of pageviews",
    "hs_analytics_num_visits": "Number of sessions",
}


def default_property_label(object_type: str, name: str) -> str | None:
    """HubSpot's label of a standard property, or None when it has none here.

    Example:
        >>> default_property_label("deals", "hubspot_owner_id")
        'Deal owner'
    """
    label = DEFAULT_PROPERTY_LABELS.get(name)
    if label is None:
        return None
    known = STANDARD_OBJECTS.get(object_type)
    return label.format(object=known.label_singular if known else "Record")
