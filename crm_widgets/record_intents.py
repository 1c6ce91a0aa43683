"""What RecordView does with a user's intent from the page: one dispatcher.

The browser sends ``{"kind": ..., "request_id": ...}``; the matching handler calls
the actions module (one transaction each), refreshes the panels it touched, and the
page gets ``{"kind": "result", "request_id", "ok", "message"|"error", "data"}``.
A timeline filter chosen on the page travels as a trait, numbered by
``timeline_request``; every timeline page names the request it answers.
"""

from __future__ import annotations

import logging
from typing import Any

import pandas as pd
import traitlets as t

from .panels import sources
from .panels.timeline import PAGE_SIZE

logger = logging.getLogger("crm_widgets.record_view")


def _text(value: Any) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def _iso(value: Any) -> str | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).isoformat()


class IntentMixin(t.HasTraits):
    """Intent handlers and per-user state for RecordView (mixed into the widget)."""

    # Requests ----------------------------------------------------------------------

    # The page counts its timeline_filter choices here and sends the count with the
    # choice. A page of the timeline answering an older choice can reach the page
    # after the user chose again (an intent such as load_more overtakes a trait
    # change the browser still holds back); the number lets the page drop it.
    timeline_request = t.Int(0).tag(sync=True)

    @t.validate("timeline")
    def _answering(self, proposal: Any) -> dict[str, Any]:
        """Every timeline page names the filter choice it answers."""
        return {**proposal["value"], "request": self.timeline_request}

    # Dispatch --------------------------------------------------------------------

    def _on_msg(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if not isinstance(content, dict) or "kind" not in content:
            return
        self.handle_intent(content)

    def handle_intent(self, content: dict[str, Any]) -> dict[str, Any]:
        """Run one intent as if the page had sent it, and return the reply sent back.

        Example:
            >>> view.handle_intent({"kind": "load_more"})["ok"]  # doctest: +SKIP
            True
        """
        kind = str(content.get("kind"))
        reply: dict[str, Any] = {"kind": "result", "request_id":
                                 content.get("request_id"), "intent": kind}
        handler = getattr(self, f"_intent_{kind}", None)
        try:
            if handler is None:
                raise ValueError(f"unknown intent {kind!r}")
            outcome = handler(content) or {}
            reply.update(ok=True, **outcome)
        except Exception as exc:
            logger.exception("intent %s failed", kind)
            reply.update(ok=False, error=str(exc))
            self.show_error(f"Couldn't {kind.replace('_', ' ')}: {exc}", exc)
        self.send(reply)
        return reply

    def _act(self, name: str, *args: Any, **kwargs: Any) -> Any:
        return sources.action(name)(self._store, *args, **kwargs)

    # Intents -----------------------------------------------------------------------

    def _intent_refresh(self, c: dict[str, Any]) -> dict[str, Any]:
        self.refresh()
        return {}

    def _intent_load_more(self, c: dict[str, Any]) -> dict[str, Any]:
        self._load_timeline(self._loaded)
        return {}

    def _intent_log_activity(self, c: dict[str, Any]) -> dict[str, Any]:
        kind = str(c.get("activity_type"))
        self._act("log_activity", self.object_type, self.record_id, kind,
                  user=self.user, body=c.get("body"), title=c.get("title"),
                  when=c.get("when"))
        self.refresh()
        return {"message": f"{kind.capitalize()} saved"}

    def _intent_add_comment(self, c: dict[str, Any]) -> dict[str, Any]:
        self._act("add_comment", c.get("activity_id"), c.get("body"), user=self.user)
        self._reload_loaded()
        return {"message": "Comment added"}

    def _intent_complete_task(self, c: dict[str, Any]) -> dict[str, Any]:
        self._act("complete_task", c.get("activity_id"), user=self.user)
        self._reload_loaded()
        return {"message": "Task completed"}

    def _intent_activity_details(self, c: dict[str, Any]) -> dict[str, Any]:
        """Comments and records of one expanded item, fetched only when it opens."""
        from .queries.activity_details import (
            activity_comments,
            activity_records,
            association_choices,
        )

        aid = c.get("activity_id")
        comments = [{"id": int(r["comment_id"]), "author": _text(r["author"]),
                     "body": str(r["body"]), "created_at": _iso(r["created_at"])}
                    for r in activity_comments(self._store, aid).to_dict("records")]
        linked = activity_records(self._store, aid)
        checked = set(zip(linked["object_type"], linked["record_id"], strict=True))
        choices = pd.concat([linked, association_choices(
            self._store, self.object_type, self.record_id)]).drop_duplicates(
            ["object_type", "record_id"])
        records = [{"object_type": str(r["object_type"]), "id": int(r["record_id"]),
                    "name": str(r["name"]), "object_label": str(r["object_label"]),
                    "checked": (r["object_type"], r["record_id"]) in checked}
                   for r in choices.to_dict("records")]
        return {"data": {"activity_id": int(aid), "comments": comments,
                         "records": records}}

    def _intent_set_activity_associations(self, c: dict[str, Any]) -> dict[str, Any]:
        records = [(r["object_type"], r["id"]) for r in c.get("records") or []]
        self._act("set_activity_associations", c.get("activity_id"), records)
        self._reload_loaded()
        return {"message": "Associations saved"}

    def _intent_edit_property(self, c: dict[str, Any]) -> dict[str, Any]:
        name = str(c.get("name"))
        self._act("edit_property", self.object_type, self.record_id, name,
                  c.get("value"), user=self.user)
        self.refresh()
        return {"message": "Saved"}

    def _intent_follow(self, c: dict[str, Any]) -> dict[str, Any]:
        follow = bool(c.get("follow", True))
        if self.user is None:
            raise ValueError("following needs a user: RecordView(..., user=...)")
        self._act("follow" if follow else "unfollow", self.user, self.object_type,
                  self.record_id)
        self.refresh()
        return {"message": "Following" if follow else "Unfollowed"}

    def _intent_sync_now(self, c: dict[str, Any]) -> dict[str, Any]:
        self._act("request_sync", self.object_type, self.record_id, user=self.user)
        self.refresh()
        return {"message": "Sync requested"}

    def _intent_merge(self, c: dict[str, Any]) -> dict[str, Any]:
        self._act("merge_records", self.object_type, self.record_id,
                  c.get("other_id"), user=self.user)
        self.refresh()
        return {"message": f"Merged record {c.get('other_id')} into this one"}

    def _intent_clone(self, c: dict[str, Any]) -> dict[str, Any]:
        new_id = self._act("clone_record", self.object_type, self.record_id,
                           user=self.user)
        return {"message": f"Cloned as record {new_id}", "data": {"id": new_id}}

    def _intent_delete(self, c: dict[str, Any]) -> dict[str, Any]:
        self._act("delete_record", self.object_type, self.record_id, user=self.user)
        self.refresh()
        return {"message": "Record deleted (restorable)"}

    def _intent_restore(self, c: dict[str, Any]) -> dict[str, Any]:
        self._act("restore_record", self.object_type, self.record_id, user=self.user)
        self.refresh()
        return {"message": "Record restored"}

    def _intent_view_properties(self, c: dict[str, Any]) -> dict[str, Any]:
        frame = self._details.properties
        rows = [[str(lbl), None if d is None or d != d else str(d)]
                for lbl, d in zip(frame["label"], frame["display"], strict=True)]
        return {"data": {"title": "All properties", "columns": ["Property", "Value"],
                         "rows": rows}}

    def _intent_view_property_history(self, c: dict[str, Any]) -> dict[str, Any]:
        frame = sources.query("property_history")(self._store, self.object_type,
                                                  self.record_id)
        cols = [col for col in ("name", "value", "changed_at", "source_type")
                if col in frame.columns]
        rows = [[None if v is None or v != v else str(v) for v in r]
                for r in frame[cols].head(200).itertuples(index=False)]
        return {"data": {"title": "Property history",
                         "columns": [c.replace("_", " ").capitalize() for c in cols],
                         "rows": rows}}

    def _intent_account_details(self, c: dict[str, Any]) -> dict[str, Any]:
        acc = sources.query("account_overview")(self._store, self.record_id)
        rows = [[str(r.get("name")), ", ".join(r.get("roles") or []) or None,
                 None if r.get("email") is None else str(r.get("email"))]
                for r in acc.contacts.to_dict("records")]
        return {"data": {"title": f"Account details: {acc.name}",
                         "columns": ["Contact", "Buying roles", "Email"],
                         "rows": rows}}

    def _reload_loaded(self) -> None:
        """Re-read the loaded part of the timeline (first page; then the rest)."""
        loaded = max(self._loaded, PAGE_SIZE)
        self._load_timeline(0)
        while self._loaded < loaded and self._loaded < self.timeline.get("total", 0):
            self._load_timeline(self._loaded)

    # Per-user state --------------------------------------------------------------

    def _load_state(self, key: str) -> Any:
        if self.user is None:
            return None
        try:
            return sources.action("load_ui_state")(self._store, self.user,
                                                   self.object_type, key)
        except sources.Unavailable as exc:
            logger.info("ui state not loaded: %s", exc)
        except Exception:
            logger.exception("loading ui state %s", key)
        return None

    def _save_state(self, key: str, value: Any) -> None:
        if self.user is None:
            return
        try:
            sources.action("save_ui_state")(self._store, self.user, self.object_type,
                                            key, value)
        except sources.Unavailable as exc:
            logger.info("ui state not saved: %s", exc)
        except Exception as exc:
            logger.exception("saving ui state %s", key)
            self.show_error(f"Couldn't save your {key.replace('_', ' ')}: {exc}", exc)

    def _following(self) -> bool | None:
        if self.user is None:
            return None
        try:
            return bool(sources.action("is_following")(
                self._store, self.user, self.object_type, self.record_id))
        except sources.Unavailable:
            return None
