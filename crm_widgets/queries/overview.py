"""The Overview tab: data highlights, recent activities, association tables, stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from ..model import DATA_HIGHLIGHTS, STANDARD_OBJECTS
from ..store import Store
from .associations import associations, associations_of_type
from .common import require_record
from .display import PIPELINE_PROPERTIES, Labels
from .records import read_properties
from .timeline import timeline

RECENT_ACTIVITIES = 5


@dataclass(frozen=True)
class Overview:
    """What the Overview tab shows for one record.

    Attributes:
        highlights: name, label, value, display of the data highlights, in order.
        recent: the five most recent past activities (timeline columns).
        association_tables: object type -> associated records (see
            :func:`~crm_widgets.queries.associations.associations`).
        stages: deals and tickets: the pipeline's stages in order (stage_id, label,
            probability, is_closed, is_current); None for other objects.
    """

    highlights: pd.DataFrame = field(repr=False)
    recent: pd.DataFrame = field(repr=False)
    association_tables: dict[str, pd.DataFrame] = field(repr=False)
    stages: pd.DataFrame | None = field(default=None, repr=False)


def overview(store: Store, object_type: str, record_id: int, *,
             now: datetime | None = None, associated: pd.DataFrame | None = None,
             recent: pd.DataFrame | None = None) -> Overview:
    """Read the Overview tab of a record.

    Association tables cover every standard object type other than the record's
    own (and its own type too when it has such associations, e.g. a parent
    company), plus any custom type the record is associated with.

    Args:
        now: the moment that separates past activities (default: now, UTC).
        associated: the record's :func:`associations` frame (every type), when the
            caller has read it already; read here otherwise.
        recent: the record's recent activities, when the caller has them already
            (from :func:`recent_from_page`, or a company's account overview);
            read here otherwise.

    Example:
        >>> ov = overview(store, "deals", 301)  # doctest: +SKIP
        >>> ov.stages.loc[ov.stages["is_current"], "label"].tolist()  # doctest: +SKIP
        ['Qualified to buy']
    """
    otype, rid = require_record(store, object_type, record_id)
    props = read_properties(store, otype, rid)

    names = DATA_HIGHLIGHTS.get(otype, ("createdate",))
    labels = Labels(store, otype, [*names, *PIPELINE_PROPERTIES.get(otype, ())])
    highlights = pd.DataFrame({
        "name": list(names),
        "label": [labels.label(n) for n in names],
        "value": [props.get(n) for n in names],
        "display": [labels.display(n, props.get(n), props) for n in names],
    }, dtype=object)

    if recent is None:
        recent = timeline(store, otype, rid, period="past", limit=RECENT_ACTIVITIES,
                          now=now)
    linked = {r[0] for r in store.con.execute(
        "SELECT DISTINCT to_type FROM associations WHERE from_type = ? "
        "AND from_id = ?", [otype, rid]).fetchall()}
    kinds = [k for k in STANDARD_OBJECTS if k != otype or k in linked]
    kinds += sorted(linked.difference(STANDARD_OBJECTS).intersection(
        store.custom_object_types()))
    if associated is None:
        associated = associations(store, otype, rid)
    tables = {kind: associations_of_type(associated, kind) for kind in kinds}
    return Overview(highlights=highlights, recent=recent, association_tables=tables,
                    stages=_stages(store, otype, props))


def recent_from_page(page: pd.DataFrame) -> pd.DataFrame | None:
    """The recent activities held by a record's first unfiltered timeline page.

    The page lists upcoming items first, then past ones newest first, the order
    of the past-only query; so its first past rows are the recent activities when
    it has enough of them or holds the whole timeline. Unlike the query's, the
    frame carries no ``attrs["total"]``: a page cannot tell how many past items
    lie beyond it.

    Returns:
        The recent activities, or None when the page cannot tell (it has fewer
        than :data:`RECENT_ACTIVITIES` past rows and more pages follow).

    Example:
        >>> page = timeline(store, "contacts", 51)  # doctest: +SKIP
        >>> recent_from_page(page)["activity_id"].tolist()  # doctest: +SKIP
        [7, 6, 5, 4, 3]
    """
    total = page.attrs.get("total")
    if total is None:
        return None
    # Exactly False: an undecidable item (a meeting with no start) is neither
    # upcoming nor past, and the page lists it after every past one.
    past = [v is not None and not pd.isna(v) and not v for v in page["is_upcoming"]]
    count = sum(past)
    if count < RECENT_ACTIVITIES and len(page) < total:
        return None
    recent = page[past].head(RECENT_ACTIVITIES).reset_index(drop=True)
    recent.attrs = {}
    return recent


def _stages(store: Store, object_type: str, props: dict[str, str | None]
            ) -> pd.DataFrame | None:
    """The record's pipeline stages in order, the current one marked."""
    if object_type not in PIPELINE_PROPERTIES:
        return None
    pipeline_prop, stage_prop = PIPELINE_PROPERTIES[object_type]
    pipeline, stage = props.get(pipeline_prop), props.get(stage_prop)
    if pipeline is None and stage is not None:
        # No pipeline on the record: the one that holds its stage.
        pipeline = store.scalar(
            "SELECT pipeline_id FROM pipeline_stages WHERE object_type = ? "
            "AND stage_id = ? ORDER BY pipeline_id LIMIT 1", [object_type, stage])
    return store.query(
        "SELECT stage_id, label, probability, coalesce(is_closed, false) AS "
        "is_closed, stage_id IS NOT DISTINCT FROM ? AS is_current "
        "FROM pipeline_stages WHERE object_type = ? AND pipeline_id = ? "
        "ORDER BY display_order NULLS LAST, stage_id",
        [stage, object_type, pipeline])
