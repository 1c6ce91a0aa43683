"""Portal settings of the demo: property definitions, pipelines, association labels."""

from __future__ import annotations

import json

import pandas as pd

from ..model import BUYING_ROLES
from .portal import Portal
from .vocab import INDUSTRIES

# HubSpot's default deal pipeline: (stage id, label, probability, closed).
DEAL_STAGES = (
    ("appointmentscheduled", "Appointment scheduled", 0.2, False),
    ("qualifiedtobuy", "Qualified to buy", 0.4, False),
    ("presentationscheduled", "Presentation scheduled", 0.6, False),
    ("decisionmakerboughtin", "Decision maker bought-in", 0.8, False),
    ("contractsent", "Contract sent", 0.9, False),
    ("closedwon", "Closed won", 1.0, True),
    ("closedlost", "Closed lost", 0.0, True),
)
TICKET_STAGES = (("1", "New", False), ("2", "Waiting on contact", False),
                 ("3", "Waiting on us", False), ("4", "Closed", True))
LIFECYCLE_STAGES = (
    ("subscriber", "Subscriber"), ("lead", "Lead"),
    ("marketingqualifiedlead", "Marketing qualified lead"),
    ("salesqualifiedlead", "Sales qualified lead"), ("opportunity", "Opportunity"),
    ("customer", "Customer"), ("evangelist", "Evangelist"),
)
LEAD_STATUSES = ("NEW", "OPEN", "IN_PROGRESS", "OPEN_DEAL", "UNQUALIFIED",
                 "ATTEMPTED_TO_CONTACT", "CONNECTED", "BAD_TIMING")
TICKET_PRIORITIES = ("LOW", "MEDIUM", "HIGH", "URGENT")
SOURCES = ("ORGANIC_SEARCH", "PAID_SEARCH", "EMAIL_MARKETING", "SOCIAL_MEDIA",
           "REFERRALS", "OTHER_CAMPAIGNS", "DIRECT_TRAFFIC", "PAID_SOCIAL", "OFFLINE")

# USER_DEFINED association labels mirroring the buying roles, per direction.
ROLE_LABEL_BASE = {("contacts", "deals"): 100, ("deals", "contacts"): 110,
                   ("contacts", "companies"): 120, ("companies", "contacts"): 130}
ROLE_LABEL_IDS = {(pair, role): base + 1 + i
                  for pair, base in ROLE_LABEL_BASE.items()
                  for i, role in enumerate(BUYING_ROLES)}


def _options(values) -> str:
    pairs = [(v, v.replace("_", " ").capitalize()) if isinstance(v, str) else v
             for v in values]
    return json.dumps([{"value": v, "label": lbl} for v, lbl in pairs])


# object type -> (name, label, type, field type, group, options or None)
_DEFINITIONS: dict[str, tuple] = {
    "contacts": (
        ("email", "Email", "string", "text", "contactinformation", None),
        ("firstname", "First name", "string", "text", "contactinformation", None),
        ("lastname", "Last name", "string", "text", "contactinformation", None),
        ("jobtitle", "Job title", "string", "text", "contactinformation", None),
        ("phone", "Phone number", "string", "phonenumber", "contactinformation",
         None),
        ("company", "Company name", "string", "text", "contactinformation", None),
        ("lifecyclestage", "Lifecycle stage", "enumeration", "radio",
         "contactinformation", LIFECYCLE_STAGES),
        ("hs_lead_status", "Lead status", "enumeration", "radio", "sales_properties",
         LEAD_STATUSES),
        ("hs_buying_role", "Buying role", "enumeration", "checkbox",
         "sales_properties", tuple(BUYING_ROLES.items())),
        ("hs_analytics_source", "Original source", "enumeration", "select",
         "analyticsinformation", SOURCES),
        ("hs_analytics_num_page_views", "Number of pageviews", "number", "number",
         "analyticsinformation", None),
        ("hs_analytics_num_visits", "Number of sessions", "number", "number",
         "analyticsinformation", None),
        ("hs_analytics_first_timestamp", "Time first seen", "datetime", "date",
         "analyticsinformation", None),
        ("hs_analytics_last_timestamp", "Time last seen", "datetime", "date",
         "analyticsinformation", None),
        ("hs_email_optout", "Unsubscribed from all email", "bool", "booleancheckbox",
         "emailinformation", (("true", "Yes"), ("false", "No"))),
        ("hs_legal_basis", "Legal basis for processing contact's data",
         "enumeration", "checkbox", "contactinformation",
         ("Legitimate interest - prospect/lead", "Freely given consent from contact",
          "Performance of a contract")),
        ("hs_marketable_status", "Marketing contact status", "enumeration", "select",
         "contactinformation", (("true", "Marketing contact"),
                                ("false", "Non-marketing contact"))),
        ("associatedcompanyid", "Primary associated company ID", "number", "number",
         "contactinformation", None),
        ("hs_merged_object_ids", "Merged contact IDs", "enumeration", "checkbox",
         "contactinformation", None),
    ),
    "companies": (
        ("name", "Company name", "string", "text", "companyinformation", None),
        ("domain", "Company domain name", "string", "text", "companyinformation",
         None),
        ("industry", "Industry", "enumeration", "select", "companyinformation",
         INDUSTRIES),
        ("phone", "Phone number", "string", "phonenumber", "companyinformation", None),
        ("city", "City", "string", "text", "companyinformation", None),
        ("state", "State/Region", "string", "text", "companyinformation", None),
        ("zip", "Postal code", "string", "text", "companyinformation", None),
        ("country", "Country/Region", "string", "text", "companyinformation", None),
        ("numberofemployees", "Number of employees", "number", "number",
         "companyinformation", None),
        ("annualrevenue", "Annual revenue", "number", "number", "companyinformation",
         None),
        ("timezone", "Time zone", "string", "text", "companyinformation", None),
        ("description", "Description", "string", "textarea", "companyinformation",
         None),
        ("linkedin_company_page", "LinkedIn company page", "string", "text",
         "socialmediainformation", None),
        ("lifecyclestage", "Lifecycle stage", "enumeration", "radio",
         "companyinformation", LIFECYCLE_STAGES),
        ("hs_is_target_account", "Target account", "bool", "booleancheckbox",
         "target_accounts", (("true", "Yes"), ("false", "No"))),
        ("salesforceaccountid", "Salesforce account ID", "string", "text",
         "salesforceinformation", None),
    ),
    "deals": (
        ("dealname", "Deal name", "string", "text", "dealinformation", None),
        ("amount", "Amount", "number", "number", "dealinformation", None),
        ("closedate", "Close date", "datetime", "date", "dealinformation", None),
        ("pipeline", "Pipeline", "enumeration", "select", "dealinformation",
         (("default", "Sales Pipeline"),)),
        ("dealstage", "Deal stage", "enumeration", "radio", "dealinformation",
         tuple((s[0], s[1]) for s in DEAL_STAGES)),
        ("dealtype", "Deal type", "enumeration", "radio", "dealinformation",
         (("newbusiness", "New business"), ("existingbusiness",
                                            "Existing business"))),
        ("hs_deal_stage_probability", "Deal probability", "number", "number",
         "dealinformation", None),
    ),
    "tickets": (
        ("subject", "Ticket name", "string", "text", "ticketinformation", None),
        ("content", "Ticket description", "string", "textarea", "ticketinformation",
         None),
        ("hs_pipeline", "Pipeline", "enumeration", "select", "ticketinformation",
         (("0", "Support Pipeline"),)),
        ("hs_pipeline_stage", "Ticket status", "enumeration", "radio",
         "ticketinformation", tuple((s[0], s[1]) for s in TICKET_STAGES)),
        ("hs_ticket_priority", "Priority", "enumeration", "select",
         "ticketinformation", TICKET_PRIORITIES),
        ("hs_ticket_category", "Category", "enumeration", "select",
         "ticketinformation", ("PRODUCT_ISSUE", "BILLING_ISSUE", "FEATURE_REQUEST",
                               "GENERAL_INQUIRY")),
        ("source_type", "Source", "enumeration", "select", "ticketinformation",
         ("EMAIL", "CHAT", "PHONE", "FORM")),
        ("closed_date", "Close date", "datetime", "date", "ticketinformation", None),
    ),
}
# Properties every object has, and the activity roll-ups written at the end.
_COMMON = (
    ("hs_object_id", "Record ID", "number", "number", "system", None),
    ("createdate", "Create date", "datetime", "date", "system", None),
    ("hs_lastmodifieddate", "Last modified date", "datetime", "date", "system", None),
    ("hubspot_owner_id", "Owner", "enumeration", "select", "system", None),
    ("notes_last_contacted", "Last contacted", "datetime", "date", "sales_activity",
     None),
    ("notes_last_updated", "Last activity date", "datetime", "date",
     "sales_activity", None),
    ("notes_next_activity_date", "Next activity date", "datetime", "date",
     "sales_activity", None),
    ("num_contacted_notes", "Number of times contacted", "number", "number",
     "sales_activity", None),
    ("hs_last_sales_activity_timestamp", "Last engagement date", "datetime", "date",
     "sales_activity", None),
    ("num_associated_contacts", "Number of associated contacts", "number", "number",
     "system", None),
    ("num_associated_deals", "Number of associated deals", "number", "number",
     "system", None),
)
_COMPANY_ROLLUPS = (
    ("hs_num_open_deals", "Number of open deals", "number", "number", "deal", None),
    ("hs_num_contacts_with_buying_roles", "Number of contacts with a buying role",
     "number", "number", "target_accounts", None),
    ("hs_num_decision_makers", "Number of decision makers", "number", "number",
     "target_accounts", None),
    ("hs_num_blockers", "Number of blockers", "number", "number", "target_accounts",
     None),
    ("recent_deal_amount", "Recent deal amount", "number", "number", "deal", None),
)


def write_definitions(portal: Portal) -> None:
    """Property definitions, both pipelines with stages, and buying-role labels."""
    rows = []
    for object_type, defs in _DEFINITIONS.items():
        extra = _COMPANY_ROLLUPS if object_type == "companies" else ()
        for order, (name, label, kind, field_type, group, options) in enumerate(
                (*defs, *_COMMON, *extra)):
            rows.append({"object_type": object_type, "name": name, "label": label,
                         "type": kind, "field_type": field_type, "group_name": group,
                         "options": None if options is None else _options(options),
                         "is_unique": name in ("email", "domain"),
                         "display_order": order})
    portal.insert("property_definitions", pd.DataFrame(rows))

    portal.insert("pipelines", pd.DataFrame([
        {"object_type": "deals", "pipeline_id": "default", "label": "Sales Pipeline",
         "display_order": 0},
        {"object_type": "tickets", "pipeline_id": "0", "label": "Support Pipeline",
         "display_order": 0}]))
    stages = [{"object_type": "deals", "pipeline_id": "default", "stage_id": sid,
               "label": label, "display_order": i, "probability": p, "is_closed": c}
              for i, (sid, label, p, c) in enumerate(DEAL_STAGES)]
    stages += [{"object_type": "tickets", "pipeline_id": "0", "stage_id": sid,
                "label": label, "display_order": i, "probability": None,
                "is_closed": c} for i, (sid, label, c) in enumerate(TICKET_STAGES)]
    portal.insert("pipeline_stages", pd.DataFrame(stages))

    labels = [{"type_id": tid, "category": "USER_DEFINED", "from_type": pair[0],
               "to_type": pair[1], "label": BUYING_ROLES[role]}
              for (pair, role), tid in ROLE_LABEL_IDS.items()]
    portal.insert("association_labels", pd.DataFrame(labels))
