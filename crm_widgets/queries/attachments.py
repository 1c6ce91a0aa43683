"""The attachments card: files uploaded to a record and files its activities carry."""

from __future__ import annotations

import pandas as pd

from ..store import Store
from .common import require_record

_SQL = """
WITH uploaded AS (
    SELECT f.id AS file_id, f.name, f.size_bytes, f.created_at,
           'Uploaded' AS source, CAST(NULL AS BIGINT) AS activity_id
    FROM record_files rf JOIN files f ON f.id = rf.file_id
    WHERE rf.object_type = $otype AND rf.record_id = $rid
),
referenced AS (
    SELECT a.id AS activity_id, a.type,
           unnest(string_split(a.attachment_ids, ';')) AS raw_id
    FROM activity_associations aa JOIN activities a ON a.id = aa.activity_id
    WHERE aa.object_type = $otype AND aa.record_id = $rid
      AND NOT a.archived AND a.attachment_ids IS NOT NULL
),
carried AS (
    SELECT f.id AS file_id, f.name, f.size_bytes, f.created_at,
           CASE r.type WHEN 'note' THEN 'Note' WHEN 'email' THEN 'Email'
                WHEN 'meeting' THEN 'Meeting' WHEN 'call' THEN 'Call'
                WHEN 'task' THEN 'Task' ELSE r.type END AS source,
           r.activity_id
    FROM referenced r JOIN files f ON f.id = try_cast(trim(r.raw_id) AS BIGINT)
)
SELECT DISTINCT * FROM (SELECT * FROM uploaded UNION ALL SELECT * FROM carried)
ORDER BY created_at DESC NULLS LAST, file_id, activity_id NULLS FIRST
"""


def attachments(store: Store, object_type: str, record_id: int) -> pd.DataFrame:
    """Files on a record: uploaded to it, or attached to its activities.

    An activity's files come from its ``hs_attachment_ids`` (';'-separated file
    ids); archived activities' files are left out.

    NOTE: an attachment id with no row in ``files`` (a file the export did not
    include) is skipped rather than shown without a name.

    Returns:
        Columns file_id, name, size_bytes, created_at, source ("Uploaded", "Note",
        "Email", "Meeting"...), activity_id (None for uploads); newest first.

    Example:
        >>> attachments(store, "contacts", 51)[["name", "source"]]  # doctest: +SKIP
                  name    source
        0  terms.pdf  Uploaded
        1  quote.pdf      Note
    """
    otype, rid = require_record(store, object_type, record_id)
    return store.query(_SQL, {"otype": otype, "rid": rid})
