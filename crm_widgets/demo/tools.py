"""Data behind the right-sidebar tools: products, line items, quotes, playbooks,
conversations, Salesforce sync and files uploaded to records."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .activity_links import FILE_ID_BASE, file_rows
from .portal import DAY, Portal, pick, stamp
from .vocab import PLAYBOOKS, PRODUCTS, TICKET_REPLIES, TICKET_SUBJECTS

UPLOADED_FILE_ID_BASE = FILE_ID_BASE - 1_000_000_000  # below activity attachments


def write_products_and_quotes(portal: Portal) -> None:
    """The product library; 1-3 line items per deal; a quote on later-stage deals."""
    a = portal.arrays
    rng = portal.rng("line-items")
    portal.insert("products", pd.DataFrame({
        "id": np.arange(1, len(PRODUCTS) + 1), "name": [p[0] for p in PRODUCTS],
        "sku": [p[1] for p in PRODUCTS], "price": [float(p[2]) for p in PRODUCTS],
        "description": [f"{p[0]}, billed {'yearly' if p[3] else 'once'}."
                        for p in PRODUCTS]}))

    n = portal.counts["deals"]
    count = 1 + rng.binomial(2, 0.4, n)
    deal = np.repeat(np.arange(n), count)
    first = np.repeat(np.cumsum(count) - count, count)
    step = np.arange(deal.shape[0]) - first
    product = np.where(step == 0, a["deal_product"][deal],
                       rng.integers(0, len(PRODUCTS), deal.shape[0]))
    price = np.asarray([p[2] for p in PRODUCTS], dtype=float)[product]
    quantity = np.where(step == 0, 1, rng.integers(1, 6, deal.shape[0]))
    discount = np.where(rng.random(deal.shape[0]) < 0.25,
                        np.round(price * quantity * 0.1, -2), 0.0)
    period = np.asarray([p[3] for p in PRODUCTS], dtype=object)[product]
    portal.insert("line_items", pd.DataFrame({
        "id": np.arange(1, deal.shape[0] + 1),
        "deal_id": portal.ids("deals", deal), "product_id": product + 1,
        "name": np.asarray([p[0] for p in PRODUCTS], dtype=object)[product],
        "quantity": quantity.astype(float), "price": price, "discount": discount,
        "recurring_billing_period": period,
        "created_at": stamp(a["deal_created"][deal] + 3600)}))

    quoted = np.flatnonzero(a["deal_stage"] >= 3)
    totals = pd.Series(price * quantity - discount).groupby(deal).sum()
    won = a["deal_stage"][quoted] == 5
    lost = a["deal_stage"][quoted] == 6
    sent = a["deal_created"][quoted] + 10 * DAY
    portal.insert("quotes", pd.DataFrame({
        "id": np.arange(1, quoted.shape[0] + 1),
        "deal_id": portal.ids("deals", quoted),
        "title": np.asarray(portal.pools["company_name"], dtype=object)[
            a["deal_company"][quoted]] + " - proposal",
        "status": np.where(won, "SIGNED", np.where(lost, "REJECTED", pick(
            rng, ("DRAFT", "PENDING_APPROVAL", "APPROVAL_NOT_NEEDED"),
            quoted.shape[0], [1, 1, 3]))),
        "amount": totals.reindex(quoted).to_numpy(),
        "expiration_date": stamp(sent + 30 * DAY).astype("datetime64[D]"),
        "created_at": stamp(np.minimum(sent, portal.now_s))}))


def write_playbooks(portal: Portal) -> None:
    """A handful of playbooks with their questions and steps."""
    books, steps = [], []
    for number, (name, object_type, items) in enumerate(PLAYBOOKS, start=1):
        books.append({"id": number, "name": name, "object_type": object_type,
                      "description": f"{len(items)} questions and steps."})
        steps += [{"playbook_id": number, "position": i, "kind": kind, "text": text,
                   "options": list(options) if options else None}
                  for i, (kind, text, options) in enumerate(items, start=1)]
    portal.insert("playbooks", pd.DataFrame(books))
    portal.insert("playbook_steps", pd.DataFrame(steps))


def write_conversations(portal: Portal) -> None:
    """An inbox thread with a few messages on about two tickets in three."""
    a = portal.arrays
    rng = portal.rng("conversations")
    n = portal.counts["tickets"]
    ticket = np.flatnonzero(rng.random(n) < 0.65)
    channel = pick(rng, ("EMAIL", "CHAT", "FORM"), ticket.shape[0], [5, 3, 1])
    portal.insert("conversation_threads", pd.DataFrame({
        "id": np.arange(1, ticket.shape[0] + 1),
        "ticket_id": portal.ids("tickets", ticket), "channel": channel,
        "subject": np.asarray(TICKET_SUBJECTS, dtype=object)[
            a["ticket_subject"][ticket]],
        "status": np.where(a["ticket_stage"][ticket] == 3, "CLOSED", "OPEN"),
        "created_at": stamp(a["ticket_created"][ticket])}))

    count = 2 + rng.binomial(4, 0.4, ticket.shape[0])
    thread = np.repeat(np.arange(ticket.shape[0]), count)
    step = np.arange(thread.shape[0]) - np.repeat(np.cumsum(count) - count, count)
    contact = a["ticket_contact"][ticket][thread]
    owner = a["ticket_owner"][ticket][thread]
    incoming = step % 2 == 0
    sent = a["ticket_created"][ticket][thread] + step * rng.integers(
        1_800, DAY, thread.shape[0])
    portal.insert("conversation_messages", pd.DataFrame({
        "id": np.arange(1, thread.shape[0] + 1), "thread_id": thread + 1,
        "sender": np.where(incoming, a["contact_email"][contact],
                           np.asarray(portal.pools["owner_email"],
                                      dtype=object)[owner]),
        "direction": np.where(incoming, "INCOMING", "OUTGOING"),
        "body": np.where(step == 0, "Hello, " + np.char.lower(np.asarray(
            TICKET_SUBJECTS)[a["ticket_subject"][ticket][thread]]).astype(object)
            + ".", pick(rng, TICKET_REPLIES, thread.shape[0])),
        "sent_at": stamp(np.minimum(sent, portal.now_s))}))


def write_sync_state(portal: Portal) -> None:
    """Salesforce sync status of contacts, companies and deals (most are synced)."""
    rng = portal.rng("salesforce")
    for object_type, prefix in (("contacts", "003"), ("companies", "001"),
                                ("deals", "006")):
        n = portal.counts[object_type]
        status = pick(rng, ("SYNCED", "PENDING", "ERROR", "NOT_SYNCED"), n,
                      [80, 5, 4, 11])
        ids = portal.ids(object_type)
        synced = np.isin(status, ("SYNCED", "ERROR"))
        last = portal.now_s - rng.integers(60, 30 * DAY, n)
        portal.insert("sync_state", pd.DataFrame({
            "object_type": object_type, "record_id": ids, "system": "salesforce",
            "external_id": np.where(status != "NOT_SYNCED", prefix + "5g00000" +
                                    np.char.zfill(ids.astype(str), 8).astype(
                                        object), None),
            "status": status,
            "last_synced_at": np.where(synced, stamp(last), np.datetime64("NaT")),
            "last_error": np.where(status == "ERROR",
                                   "REQUIRED_FIELD_MISSING: Industry is required "
                                   "in Salesforce", None)}))


def write_record_files(portal: Portal) -> None:
    """Files uploaded straight to companies and deals (one on most of them)."""
    a = portal.arrays
    rng = portal.rng("record-files")
    for object_type, company, created in (
            ("companies", np.arange(portal.counts["companies"]),
             a["company_created"]),
            ("deals", a["deal_company"], a["deal_created"])):
        on = np.flatnonzero(rng.random(company.shape[0]) < 0.6)
        base = UPLOADED_FILE_ID_BASE + (0 if object_type == "companies"
                                        else 500_000_000)
        file_ids = base + on
        when = np.minimum(created[on] + rng.integers(DAY, 60 * DAY, on.shape[0]),
                          portal.now_s)
        portal.insert("files", file_rows(portal, rng, file_ids, company[on],
                                         stamp(when)))
        portal.insert("record_files", pd.DataFrame({
            "object_type": object_type, "record_id": portal.ids(object_type, on),
            "file_id": file_ids, "attached_at": stamp(when)}))
