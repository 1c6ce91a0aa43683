"""What hangs off each engagement: its records, attached files and comments."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..model import ACTIVITY_ASSOCIATION_TYPE_IDS
from .portal import DAY, Portal, pick
from .vocab import COMMENTS, FILE_KINDS

FILE_ID_BASE = 24_000_000_000  # HubSpot file ids are long numbers too
COMMENT_ID_BASE = 5_000_000_000
ATTACHABLE = ("note", "email", "meeting")  # types with hs_attachment_ids


def grouped(keys: np.ndarray, values: np.ndarray, size: int
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``values`` sorted by key, with each key's offset and count (CSR layout)."""
    order = np.argsort(keys, kind="stable")
    counts = np.bincount(keys, minlength=size)
    return values[order], np.concatenate(([0], np.cumsum(counts)[:-1])), counts


def pick_related(rng: np.random.Generator, owners: np.ndarray,
                 csr: tuple[np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
    """A random related item per owner position, or -1 where it has none."""
    values, offsets, counts = csr
    slot = (rng.random(owners.shape[0]) * counts[owners]).astype(np.int64)
    found = counts[owners] > 0
    index = np.where(found, offsets[owners] + slot, 0)
    return np.where(found, values[index] if values.size else -1, -1)


def engagement_associations(portal: Portal, frame: pd.DataFrame, part: int
                            ) -> pd.DataFrame:
    """Each engagement's contact, its company, often a deal, sometimes a ticket."""
    a = portal.arrays
    n_contacts = portal.counts["contacts"]
    if "csr_deals" not in portal.__dict__:
        portal.csr_deals = grouped(a["deal_contact_contact"], a["deal_contact_deal"],
                                   n_contacts)
        portal.csr_tickets = grouped(a["ticket_contact"],
                                     np.arange(portal.counts["tickets"]), n_contacts)
    rng = portal.rng("engagement-links", part)
    ids = frame["id"].to_numpy()
    kind = frame["type"].to_numpy()
    contact = frame["contact_pos"].to_numpy()
    company = frame["company_pos"].to_numpy()
    deal = pick_related(rng, contact, portal.csr_deals)
    deal = np.where(rng.random(ids.shape[0]) < 0.55, deal, -1)
    ticket = pick_related(rng, contact, portal.csr_tickets)
    talk = np.isin(kind, ("email", "call", "note"))
    ticket = np.where(talk & (rng.random(ids.shape[0]) < 0.35), ticket, -1)

    parts = []
    for object_type, pos in (("contacts", contact), ("companies", company),
                             ("deals", deal), ("tickets", ticket)):
        keep = pos >= 0
        type_ids = np.asarray([ACTIVITY_ASSOCIATION_TYPE_IDS[(k, object_type)]
                               for k in ("note", "email", "call", "task",
                                         "meeting")])
        codes = pd.Categorical(kind[keep], categories=("note", "email", "call",
                                                       "task", "meeting")).codes
        parts.append(pd.DataFrame({
            "activity_id": ids[keep], "object_type": object_type,
            "record_id": portal.ids(object_type, pos[keep]),
            "type_id": type_ids[codes]}))
    return pd.concat(parts, ignore_index=True)


def attach_files(portal: Portal, frame: pd.DataFrame, part: int) -> pd.DataFrame:
    """Give about one note, email or meeting in ten a file; return the file rows."""
    rng = portal.rng("attachments", part)
    n = len(frame)
    kind = frame["type"].to_numpy()
    count = np.where(np.isin(kind, ATTACHABLE) & (rng.random(n) < 0.1),
                     1 + (rng.random(n) < 0.2), 0)
    ids = frame["id"].to_numpy()
    first = FILE_ID_BASE + ids * 2
    attachment = np.where(count == 2, first.astype(str) + ";" + (first + 1).astype(
        str), first.astype(str))
    frame["attachment_ids"] = np.where(count > 0, attachment, None)

    owner = np.repeat(np.arange(n), count)
    file_ids = first[owner] + (np.arange(owner.shape[0]) - np.repeat(
        np.cumsum(count) - count, count))
    return file_rows(portal, rng, file_ids, frame["company_pos"].to_numpy()[owner],
                     frame["created_at"].to_numpy()[owner])


def file_rows(portal: Portal, rng: np.random.Generator, file_ids: np.ndarray,
              company: np.ndarray, created: np.ndarray) -> pd.DataFrame:
    """Rows of the files table: names that mention the company, sizes, types."""
    n = file_ids.shape[0]
    kind = rng.integers(0, len(FILE_KINDS), n)
    names = np.asarray([k[0] for k in FILE_KINDS], dtype=object)[kind]
    company_names = np.asarray(["Acme", *portal.pools["company_name"]],
                               dtype=object)[company + 1]
    days = np.datetime_as_string(np.asarray(created).astype("datetime64[D]"))
    filled = [name.replace("{company}", c).replace("{day}", d)
              for name, c, d in zip(names, company_names, days, strict=True)]
    size = np.asarray([k[2] for k in FILE_KINDS])[kind] * rng.uniform(0.5, 1.6, n)
    return pd.DataFrame({
        "id": file_ids, "name": filled, "size_bytes": size.astype(np.int64),
        "content_type": np.asarray([k[1] for k in FILE_KINDS], dtype=object)[kind],
        "url": "https://files.example.com/" + file_ids.astype(str),
        "created_at": created})


def comments(portal: Portal, frame: pd.DataFrame, part: int) -> pd.DataFrame:
    """A comment or two from colleagues on about one past engagement in twenty."""
    rng = portal.rng("comments", part)
    n = len(frame)
    occurred = frame["occurred_at"].to_numpy()
    past = occurred <= np.datetime64(portal.now)
    count = np.where(past & (rng.random(n) < 0.05), 1 + (rng.random(n) < 0.3), 0)
    on = np.repeat(np.arange(n), count)
    k = np.arange(on.shape[0]) - np.repeat(np.cumsum(count) - count, count)
    ids = frame["id"].to_numpy()[on]
    later = occurred[on] + (rng.integers(600, 3 * DAY, on.shape[0]) * (k + 1)
                            ).astype("timedelta64[s]")
    return pd.DataFrame({
        "id": COMMENT_ID_BASE + ids * 2 + k, "activity_id": ids,
        "author_owner_id": portal.arrays["owner_id"][rng.integers(
            0, len(portal.arrays["owner_id"]), on.shape[0])],
        "body": pick(rng, COMMENTS, on.shape[0]),
        "created_at": np.minimum(later, np.datetime64(portal.now))})
