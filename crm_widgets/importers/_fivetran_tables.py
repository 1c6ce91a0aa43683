"""Which Fivetran HubSpot tables map to which store tables, column by column.

Every column name here is a constant of Fivetran's schema: the SQL the importer
builds refers to nothing else, so no text from an imported file becomes SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._sql import parse_timestamp_sql


def ts(column: str) -> str:
    """SQL: a column's text as a UTC timestamp."""
    return parse_timestamp_sql(column)


def bigint(column: str) -> str:
    """SQL: a column's text as a BIGINT id."""
    return f"CAST(trim({column}) AS BIGINT)"


def flag(column: str) -> str:
    """SQL: a column's text (true/false/1/0) as a BOOLEAN, false when empty."""
    return f"coalesce(lower(trim({column})) IN ('true', '1', 't', 'yes'), false)"


@dataclass(frozen=True)
class TableMap:
    """One Fivetran table copied into one store table with a SELECT.

    ``select`` holds one SQL expression per store column, over the source columns
    listed in ``required`` (the import refuses a file without them) and ``optional``
    (read as NULL when the file lacks them). ``ids`` and ``dates`` are source
    columns checked before anything is written; ``key`` names the source columns
    that identify a row, for the duplicate check.
    """

    target: str
    columns: tuple[str, ...]
    select: tuple[str, ...]
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    key: tuple[str, ...] = ()
    skip_deleted: bool = False


def _history(object_type: str, id_column: str, when: str) -> TableMap:
    return TableMap(
        "property_history",
        ("object_type", "record_id", "name", "value", "changed_at", "source_type",
         "source_id"),
        (f"'{object_type}'", bigint(id_column), "name", "value", ts(when), "source",
         "source_id"),
        required=(id_column, "name", when), optional=("value", "source", "source_id"),
        ids=(id_column,), dates=(when,))


def _pipeline(object_type: str) -> TableMap:
    return TableMap(
        "pipelines", ("object_type", "pipeline_id", "label", "display_order"),
        (f"'{object_type}'", "pipeline_id", "coalesce(label, pipeline_id)",
         "try_cast(display_order AS INTEGER)"),
        required=("pipeline_id",), optional=("label", "display_order"),
        key=("pipeline_id",), skip_deleted=True)


def _stage(object_type: str) -> TableMap:
    return TableMap(
        "pipeline_stages",
        ("object_type", "pipeline_id", "stage_id", "label", "display_order",
         "probability", "is_closed"),
        (f"'{object_type}'", "pipeline_id", "stage_id", "coalesce(label, stage_id)",
         "try_cast(display_order AS INTEGER)", "try_cast(probability AS DOUBLE)",
         f"CASE WHEN is_closed IS NULL THEN NULL ELSE {flag('is_closed')} END"),
        required=("pipeline_id", "stage_id"),
        optional=("label", "display_order", "probability", "is_closed"),
        key=("pipeline_id", "stage_id"), skip_deleted=True)


TABLE_MAPS: dict[str, TableMap] = {
    "owner": TableMap(
        "owners", ("id", "email", "first_name", "last_name", "user_id", "created_at",
                   "updated_at"),
        (bigint("owner_id"), "email", "first_name", "last_name",
         "try_cast(active_user_id AS BIGINT)", ts("created_at"), ts("updated_at")),
        required=("owner_id",),
        optional=("email", "first_name", "last_name", "active_user_id", "created_at",
                  "updated_at"),
        ids=("owner_id",), dates=("created_at", "updated_at"), key=("owner_id",)),
    "team": TableMap("teams", ("id", "name"), (bigint("id"), "coalesce(name, id)"),
                     required=("id",), optional=("name",), ids=("id",), key=("id",)),
    "owner_team": TableMap(
        "team_members", ("team_id", "owner_id", "is_primary"),
        (bigint("team_id"), bigint("owner_id"), flag("is_team_primary")),
        required=("owner_id", "team_id"), optional=("is_team_primary",),
        ids=("owner_id", "team_id"), key=("owner_id", "team_id")),
    "contact_list": TableMap(
        "lists", ("id", "name", "object_type", "list_type", "created_at"),
        (bigint("id"), "coalesce(name, id)", "'contacts'",
         "CASE upper(processing_type) WHEN 'MANUAL' THEN 'STATIC' WHEN 'SNAPSHOT' "
         "THEN 'STATIC' ELSE upper(processing_type) END", ts("created_at")),
        required=("id",), optional=("name", "processing_type", "created_at"),
        ids=("id",), dates=("created_at",), key=("id",), skip_deleted=True),
    "contact_list_member": TableMap(
        "list_memberships", ("list_id", "object_type", "record_id", "added_at"),
        (bigint("contact_list_id"), "'contacts'", bigint("contact_id"),
         ts("added_at")),
        required=("contact_list_id", "contact_id"), optional=("added_at",),
        ids=("contact_list_id", "contact_id"), dates=("added_at",),
        key=("contact_list_id", "contact_id"), skip_deleted=True),
    "deal_pipeline": _pipeline("deals"),
    "deal_pipeline_stage": _stage("deals"),
    "ticket_pipeline": _pipeline("tickets"),
    "ticket_pipeline_stage": _stage("tickets"),
    "contact_property_history": _history("contacts", "contact_id", "timestamp"),
    "company_property_history": _history("companies", "company_id", "timestamp"),
    "deal_property_history": _history("deals", "deal_id", "timestamp"),
    "ticket_property_history": _history("tickets", "ticket_id", "timestamp_instant"),
}


@dataclass(frozen=True)
class RecordTable:
    """A Fivetran object table: one row per record, properties as ``property_*``."""

    object_type: str
    id_column: str
    # Columns outside property_* that hold a property, -> its HubSpot name.
    extra_properties: tuple[tuple[str, str], ...] = ()


RECORD_TABLES: dict[str, RecordTable] = {
    "contact": RecordTable("contacts", "id"),
    "company": RecordTable("companies", "id"),
    "deal": RecordTable("deals", "deal_id", (
        ("deal_pipeline_id", "pipeline"), ("deal_pipeline_stage_id", "dealstage"),
        ("owner_id", "hubspot_owner_id"))),
    "ticket": RecordTable("tickets", "id"),
}

# Record-to-record association tables: (from column, from type, to column, to type).
ASSOCIATION_TABLES: dict[str, tuple[str, str, str, str]] = {
    "deal_contact": ("deal_id", "deals", "contact_id", "contacts"),
    "deal_company": ("deal_id", "deals", "company_id", "companies"),
    "ticket_contact": ("ticket_id", "tickets", "contact_id", "contacts"),
    "ticket_company": ("ticket_id", "tickets", "company_id", "companies"),
    "ticket_deal": ("ticket_id", "tickets", "deal_id", "deals"),
    "contact_company": ("contact_id", "contacts", "company_id", "companies"),
}

# Engagement-to-record tables: (record id column, record type).
ENGAGEMENT_LINK_TABLES: dict[str, tuple[str, str]] = {
    "engagement_contact": ("contact_id", "contacts"),
    "engagement_company": ("company_id", "companies"),
    "engagement_deal": ("deal_id", "deals"),
    "ticket_engagement": ("ticket_id", "tickets"),
}

# Engagement detail tables, -> activity type.
ENGAGEMENT_TABLES: dict[str, str] = {
    "engagement_note": "note", "engagement_call": "call", "engagement_email": "email",
    "engagement_meeting": "meeting", "engagement_task": "task",
}

# Older Fivetran schemas name some engagement columns without property_.
UNPREFIXED_ENGAGEMENT_COLUMNS: dict[str, str] = {
    "title": "hs_meeting_title", "body": "hs_meeting_body",
    "start_time": "hs_meeting_start_time", "end_time": "hs_meeting_end_time",
    "meeting_outcome": "hs_meeting_outcome", "external_url": "hs_meeting_external_url",
    "owner_id": "hubspot_owner_id", "timestamp": "hs_timestamp",
}

KNOWN_TABLES = frozenset(TABLE_MAPS) | frozenset(RECORD_TABLES) | frozenset(
    ASSOCIATION_TABLES) | frozenset(ENGAGEMENT_LINK_TABLES) | frozenset(
    ENGAGEMENT_TABLES)
