"""Read queries (connection in, DataFrame out) and the write actions.

Every read query takes a :class:`~crm_widgets.store.Store` and returns pandas
DataFrames (or a small frozen dataclass of them); user text only ever reaches SQL
as a parameter. One module per screen part: ``timeline``, ``records`` (record and
property history), ``overview``, ``associations``, ``attachments``, ``account``
(account overview) and ``tools`` (tool cards, owner and team menus); ``actions``
holds the writes. Import the functions from their modules, or from
``crm_widgets`` itself (``crm_widgets.timeline``...): the package does not re-export
them, because most share their module's name.
"""
