"""Which tag colour a stage, status or priority gets (visual guide, status tags)."""

from __future__ import annotations

from typing import Any

_LIFECYCLE = {"subscriber": "neutral", "lead": "neutral", "other": "neutral",
              "marketingqualifiedlead": "info", "salesqualifiedlead": "info",
              "opportunity": "info", "customer": "success", "evangelist": "success"}
_TICKET = {"1": ("info", False), "2": ("warning", True), "3": ("warning", False),
           "4": ("neutral", False)}
_PRIORITY = {"HIGH": "danger", "URGENT": "danger", "MEDIUM": "warning",
             "LOW": "neutral"}
_STATUS = {"NOT_STARTED": ("neutral", True), "IN_PROGRESS": ("info", False),
           "SCHEDULED": ("info", False), "COMPLETED": ("success", False),
           "RESCHEDULED": ("warning", False), "NO_SHOW": ("danger", False),
           "CANCELED": ("neutral", False), "WAITING": ("warning", True)}


def stage_tag(object_type: str, name: str | None, value: Any,
              display: Any) -> dict[str, Any] | None:
    """The tag under a record's name for its lifecycle stage, deal stage or status.

    Example:
        >>> stage_tag("deals", "dealstage", "closedwon", "Closed won")["variant"]
        'success'
    """
    if value is None:
        return None
    text = str(display or value)
    key = str(value)
    if object_type == "deals":
        if key == "closedwon":
            return {"text": text, "variant": "success", "status": True}
        if key == "closedlost":
            return {"text": text, "variant": "danger", "status": True}
        return {"text": text, "variant": "info", "status": True}
    if object_type == "tickets" and name == "hs_pipeline_stage":
        variant, hollow = _TICKET.get(key, ("info", False))
        return {"text": text, "variant": variant, "status": True, "hollow": hollow}
    return {"text": text, "variant": _LIFECYCLE.get(key.lower(), "neutral")}


def priority_tag(priority: Any) -> dict[str, Any] | None:
    """A task or ticket priority as a Tag ("High" in danger red...)."""
    if not priority or not isinstance(priority, str):
        return None
    return {"text": priority.title(), "variant": _PRIORITY.get(priority, "neutral")}


def status_tag(status: Any) -> dict[str, Any] | None:
    """A task status or meeting outcome as a StatusTag."""
    if not status or not isinstance(status, str):
        return None
    variant, hollow = _STATUS.get(status, ("neutral", False))
    return {"text": status.replace("_", " ").capitalize(), "variant": variant,
            "status": True, "hollow": hollow}
