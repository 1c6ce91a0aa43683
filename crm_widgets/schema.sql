-- The crm_widgets record store. One DuckDB file holds one CRM portal.
-- Conventions:
--   * Timestamps are TIMESTAMP values in UTC (no time zone attached).
--   * Record and activity ids are BIGINT, as HubSpot's are.
--   * Object types use HubSpot's API names: contacts, companies, deals, tickets, or a
--     custom object's name.
--   * Property values are strings, as HubSpot returns them; multi-select values are
--     joined with ';'.

CREATE TABLE IF NOT EXISTS meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);

-- Object types and their property definitions ---------------------------------

CREATE TABLE IF NOT EXISTS object_types (
    name                 VARCHAR PRIMARY KEY,   -- 'contacts', or a custom object's name
    object_type_id       VARCHAR,               -- '0-1', '2-12345'
    label_singular       VARCHAR NOT NULL,
    label_plural         VARCHAR NOT NULL,
    primary_property     VARCHAR NOT NULL,      -- primaryDisplayLabelPropertyName
    secondary_properties VARCHAR[],
    is_custom            BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE IF NOT EXISTS property_definitions (
    object_type   VARCHAR NOT NULL,
    name          VARCHAR NOT NULL,
    label         VARCHAR NOT NULL,
    type          VARCHAR NOT NULL DEFAULT 'string', -- string, number, date, datetime, enumeration, bool
    field_type    VARCHAR,                           -- text, textarea, select, checkbox, ...
    group_name    VARCHAR,
    options       JSON,                              -- [{"value": ..., "label": ...}]
    is_unique     BOOLEAN NOT NULL DEFAULT false,
    display_order INTEGER,
    PRIMARY KEY (object_type, name)
);

CREATE TABLE IF NOT EXISTS pipelines (
    object_type   VARCHAR NOT NULL,
    pipeline_id   VARCHAR NOT NULL,
    label         VARCHAR NOT NULL,
    display_order INTEGER,
    PRIMARY KEY (object_type, pipeline_id)
);

CREATE TABLE IF NOT EXISTS pipeline_stages (
    object_type   VARCHAR NOT NULL,
    pipeline_id   VARCHAR NOT NULL,
    stage_id      VARCHAR NOT NULL,
    label         VARCHAR NOT NULL,
    display_order INTEGER,
    probability   DOUBLE,
    is_closed     BOOLEAN,
    PRIMARY KEY (object_type, pipeline_id, stage_id)
);

-- Records ------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS records (
    object_type VARCHAR NOT NULL,
    id          BIGINT NOT NULL,
    created_at  TIMESTAMP,
    updated_at  TIMESTAMP,
    archived    BOOLEAN NOT NULL DEFAULT false,
    archived_at TIMESTAMP,
    PRIMARY KEY (object_type, id)
);

CREATE TABLE IF NOT EXISTS record_properties (
    object_type VARCHAR NOT NULL,
    record_id   BIGINT NOT NULL,
    name        VARCHAR NOT NULL,
    value       VARCHAR,
    PRIMARY KEY (object_type, record_id, name)
);

CREATE TABLE IF NOT EXISTS property_history (
    object_type VARCHAR NOT NULL,
    record_id   BIGINT NOT NULL,
    name        VARCHAR NOT NULL,
    value       VARCHAR,
    changed_at  TIMESTAMP NOT NULL,
    source_type VARCHAR,           -- CRM_UI, IMPORT, API, WORKFLOW, crm_widgets, ...
    source_id   VARCHAR
);

-- Owners and teams -----------------------------------------------------------------

CREATE TABLE IF NOT EXISTS owners (
    id         BIGINT PRIMARY KEY,
    email      VARCHAR,
    first_name VARCHAR,
    last_name  VARCHAR,
    user_id    BIGINT,
    archived   BOOLEAN NOT NULL DEFAULT false,
    created_at TIMESTAMP,
    updated_at TIMESTAMP
);

CREATE TABLE IF NOT EXISTS teams (
    id   BIGINT PRIMARY KEY,
    name VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS team_members (
    team_id    BIGINT NOT NULL,
    owner_id   BIGINT NOT NULL,
    is_primary BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (team_id, owner_id)
);

-- Associations between records ------------------------------------------------------
-- Both directions are stored, each with its own HubSpot type id (contact->company 279,
-- company->contact 280), so a lookup from either side is a plain filter.

CREATE TABLE IF NOT EXISTS association_labels (
    type_id   INTEGER NOT NULL,
    category  VARCHAR NOT NULL,    -- HUBSPOT_DEFINED, USER_DEFINED, INTEGRATOR_DEFINED
    from_type VARCHAR NOT NULL,
    to_type   VARCHAR NOT NULL,
    label     VARCHAR,             -- NULL for unlabeled
    PRIMARY KEY (category, type_id)
);

CREATE TABLE IF NOT EXISTS associations (
    from_type VARCHAR NOT NULL,
    from_id   BIGINT NOT NULL,
    to_type   VARCHAR NOT NULL,
    to_id     BIGINT NOT NULL,
    category  VARCHAR NOT NULL DEFAULT 'HUBSPOT_DEFINED',
    type_id   INTEGER NOT NULL,
    label     VARCHAR,
    PRIMARY KEY (from_type, from_id, to_type, to_id, category, type_id)
);

-- Activities: the five engagement types and the other timeline events -------------
-- type is one of: note, email, call, task, meeting (engagements), or merge,
-- lifecycle_change, form_submission, page_view, record_created, property_change.
-- The per-type HubSpot properties have their own columns; `properties` keeps every
-- property as it came in. search_text holds the searchable fields (task subject and
-- body, note body, call body, email subject, meeting body) with HTML tags stripped,
-- lower-cased, so that the timeline search is a plain filter.

CREATE TABLE IF NOT EXISTS activities (
    id               BIGINT PRIMARY KEY,
    type             VARCHAR NOT NULL,
    occurred_at      TIMESTAMP NOT NULL,   -- hs_timestamp: task due date, meeting start
    owner_id         BIGINT,
    created_at       TIMESTAMP,
    updated_at       TIMESTAMP,
    archived         BOOLEAN NOT NULL DEFAULT false,
    title            VARCHAR,   -- task subject, call title, email subject, meeting title
    body             VARCHAR,   -- note/call/task/meeting body or email HTML (unsanitised)
    search_text      VARCHAR,
    task_status      VARCHAR,
    task_priority    VARCHAR,
    task_type        VARCHAR,
    call_direction   VARCHAR,
    call_disposition VARCHAR,
    call_duration_ms BIGINT,
    call_status      VARCHAR,
    email_direction  VARCHAR,
    email_status     VARCHAR,
    email_from       VARCHAR,
    email_to         VARCHAR,
    email_cc         VARCHAR,
    meeting_start    TIMESTAMP,
    meeting_end      TIMESTAMP,
    meeting_location VARCHAR,
    meeting_outcome  VARCHAR,
    attachment_ids   VARCHAR,   -- hs_attachment_ids, ';'-separated file ids
    properties       JSON
);

CREATE TABLE IF NOT EXISTS activity_associations (
    activity_id BIGINT NOT NULL,
    object_type VARCHAR NOT NULL,
    record_id   BIGINT NOT NULL,
    type_id     INTEGER,
    PRIMARY KEY (activity_id, object_type, record_id)
);
-- An activity's own links (its association count, its expanded list) are looked
-- up by activity_id alone. DuckDB does not use the composite primary key for that,
-- and the table is stored sorted by record, so without this index every lookup
-- read the whole activity_id column (about 40 ms of CPU at 13.5M rows; 3 ms with).
CREATE INDEX IF NOT EXISTS activity_associations_by_activity
    ON activity_associations (activity_id);

CREATE TABLE IF NOT EXISTS activity_comments (
    id              BIGINT PRIMARY KEY,
    activity_id     BIGINT NOT NULL,
    author_owner_id BIGINT,
    body            VARCHAR NOT NULL,
    created_at      TIMESTAMP NOT NULL
);

-- Files: uploaded to a record, or referenced by an activity's hs_attachment_ids -----

CREATE TABLE IF NOT EXISTS files (
    id           BIGINT PRIMARY KEY,
    name         VARCHAR NOT NULL,
    size_bytes   BIGINT,
    content_type VARCHAR,
    url          VARCHAR,
    created_at   TIMESTAMP
);

CREATE TABLE IF NOT EXISTS record_files (
    object_type VARCHAR NOT NULL,
    record_id   BIGINT NOT NULL,
    file_id     BIGINT NOT NULL,
    attached_at TIMESTAMP,
    PRIMARY KEY (object_type, record_id, file_id)
);

-- Marketing interactions: the input of attribution ------------------------------

CREATE TABLE IF NOT EXISTS marketing_interactions (
    id               BIGINT PRIMARY KEY,
    contact_id       BIGINT NOT NULL,
    occurred_at      TIMESTAMP NOT NULL,
    channel          VARCHAR NOT NULL,   -- traffic source: ORGANIC_SEARCH, PAID_SEARCH, ...
    interaction_type VARCHAR NOT NULL,   -- PAGE_VIEW, FORM_SUBMISSION, EMAIL_CLICK, ...
    campaign         VARCHAR,
    asset            VARCHAR,            -- page url, form, email name
    is_logged_call   BOOLEAN NOT NULL DEFAULT false
);

-- Lists, workflows, products, line items, quotes -----------------------------------

CREATE TABLE IF NOT EXISTS lists (
    id          BIGINT PRIMARY KEY,
    name        VARCHAR NOT NULL,
    object_type VARCHAR NOT NULL DEFAULT 'contacts',
    list_type   VARCHAR,            -- STATIC or DYNAMIC
    created_at  TIMESTAMP
);

CREATE TABLE IF NOT EXISTS list_memberships (
    list_id     BIGINT NOT NULL,
    object_type VARCHAR NOT NULL DEFAULT 'contacts',
    record_id   BIGINT NOT NULL,
    added_at    TIMESTAMP,
    PRIMARY KEY (list_id, object_type, record_id)
);

CREATE TABLE IF NOT EXISTS workflows (
    id          BIGINT PRIMARY KEY,
    name        VARCHAR NOT NULL,
    object_type VARCHAR NOT NULL DEFAULT 'contacts',
    enabled     BOOLEAN NOT NULL DEFAULT true
);

CREATE TABLE IF NOT EXISTS workflow_enrollments (
    workflow_id BIGINT NOT NULL,
    object_type VARCHAR NOT NULL DEFAULT 'contacts',
    record_id   BIGINT NOT NULL,
    enrolled_at TIMESTAMP,
    status      VARCHAR,            -- ACTIVE, COMPLETED, UNENROLLED
    PRIMARY KEY (workflow_id, object_type, record_id)
);

CREATE TABLE IF NOT EXISTS products (
    id          BIGINT PRIMARY KEY,
    name        VARCHAR NOT NULL,
    sku         VARCHAR,
    price       DECIMAL(18, 2),
    description VARCHAR
);

CREATE TABLE IF NOT EXISTS line_items (
    id                       BIGINT PRIMARY KEY,
    deal_id                  BIGINT NOT NULL,
    product_id               BIGINT,
    name                     VARCHAR NOT NULL,
    quantity                 DECIMAL(18, 2) NOT NULL,
    price                    DECIMAL(18, 2) NOT NULL,
    discount                 DECIMAL(18, 2) NOT NULL DEFAULT 0,
    recurring_billing_period VARCHAR,
    created_at               TIMESTAMP
);

CREATE TABLE IF NOT EXISTS quotes (
    id              BIGINT PRIMARY KEY,
    deal_id         BIGINT NOT NULL,
    title           VARCHAR NOT NULL,
    status          VARCHAR,         -- DRAFT, APPROVAL_NOT_NEEDED, SIGNED, ...
    amount          DECIMAL(18, 2),
    expiration_date DATE,
    created_at      TIMESTAMP
);

-- Playbooks, conversations, sync state ---------------------------------------------

CREATE TABLE IF NOT EXISTS playbooks (
    id          BIGINT PRIMARY KEY,
    name        VARCHAR NOT NULL,
    object_type VARCHAR,            -- NULL: offered on every object type
    description VARCHAR
);

CREATE TABLE IF NOT EXISTS playbook_steps (
    playbook_id BIGINT NOT NULL,
    position    INTEGER NOT NULL,
    kind        VARCHAR NOT NULL,   -- question or step
    text        VARCHAR NOT NULL,
    options     VARCHAR[],
    PRIMARY KEY (playbook_id, position)
);

CREATE TABLE IF NOT EXISTS conversation_threads (
    id         BIGINT PRIMARY KEY,
    ticket_id  BIGINT,
    channel    VARCHAR,             -- EMAIL, CHAT, FORM
    subject    VARCHAR,
    status     VARCHAR,             -- OPEN, CLOSED
    created_at TIMESTAMP
);

CREATE TABLE IF NOT EXISTS conversation_messages (
    id         BIGINT PRIMARY KEY,
    thread_id  BIGINT NOT NULL,
    sender     VARCHAR,
    direction  VARCHAR,             -- INCOMING or OUTGOING
    body       VARCHAR,
    sent_at    TIMESTAMP
);

CREATE TABLE IF NOT EXISTS sync_state (
    object_type    VARCHAR NOT NULL,
    record_id      BIGINT NOT NULL,
    system         VARCHAR NOT NULL DEFAULT 'salesforce',
    external_id    VARCHAR,
    status         VARCHAR,         -- SYNCED, PENDING, ERROR, NOT_SYNCED
    last_synced_at TIMESTAMP,
    last_error     VARCHAR,
    PRIMARY KEY (object_type, record_id, system)
);

CREATE TABLE IF NOT EXISTS sync_requests (
    id           BIGINT PRIMARY KEY,
    object_type  VARCHAR NOT NULL,
    record_id    BIGINT NOT NULL,
    system       VARCHAR NOT NULL DEFAULT 'salesforce',
    requested_at TIMESTAMP NOT NULL,
    requested_by VARCHAR
);

-- Per-user state ----------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS follows (
    user_id     VARCHAR NOT NULL,
    object_type VARCHAR NOT NULL,
    record_id   BIGINT NOT NULL,
    followed_at TIMESTAMP,
    PRIMARY KEY (user_id, object_type, record_id)
);

-- key: last_tab, panel_order, collapsed_panels, timeline_filter ... value: JSON
CREATE TABLE IF NOT EXISTS ui_state (
    user_id     VARCHAR NOT NULL,
    object_type VARCHAR NOT NULL,
    key         VARCHAR NOT NULL,
    value       JSON,
    updated_at  TIMESTAMP,
    PRIMARY KEY (user_id, object_type, key)
);
