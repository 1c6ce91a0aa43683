"""The write actions of the record page; each one is a single transaction.

Every action checks its arguments, then writes inside ``store.transaction()``: a bad
argument raises (RecordNotFoundError for a missing record, UnknownObjectTypeError for
an unknown object type, ActionError for any other bad value) and leaves the store
exactly as it was. User text only ever reaches SQL as a ``?`` parameter.

Example:
    >>> import crm_widgets
    >>> from crm_widgets import actions
    >>> store = crm_widgets.connect(":memory:")
    >>> contact = actions.create_record(store, "contacts", {"email": "a@example.com"})
    >>> note = actions.log_activity(store, "contacts", contact, "note", body="Hello")
    >>> actions.edit_property(store, "contacts", contact, "firstname", "Ana")["value"]
    'Ana'
    >>> store.close()
"""

from __future__ import annotations

from .activities import (
    add_comment,
    complete_task,
    log_activity,
    set_activity_associations,
)
from .merge import merge_records
from .properties import edit_property
from .records import clone_record, create_record, delete_record, restore_record
from .sync import request_sync
from .user_state import (
    follow,
    is_following,
    load_ui_state,
    save_ui_state,
    unfollow,
)

__all__ = [
    "add_comment", "clone_record", "complete_task", "create_record", "delete_record",
    "edit_property", "follow", "is_following", "load_ui_state", "log_activity",
    "merge_records", "request_sync", "restore_record", "save_ui_state",
    "set_activity_associations", "unfollow",
]
