// Schema of the SQLite read model (read.db). The read model is derived data: a schema change is a
// new READ_SCHEMA_VERSION and a rebuild from the ledger, never an in-place migration.
export const READ_SCHEMA_VERSION = 1;

/** Secondary indexes a bulk load (rebuild) creates at the end rather than row by row. */
export const DEFERRED_INDEXES = ['records_by_formed', 'records_by_recorded', 'records_by_stream', 'allocations_by_kind'] as const;

export const READ_SCHEMA = `
  CREATE TABLE IF NOT EXISTS meta (
    key   TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;

  -- one row per disclosure record (公开事项 instance): the RecordSummary as columns (lists are
  -- comma-joined), its versions as JSON. rid keys the full-text index.
  CREATE TABLE IF NOT EXISTS records (
    rid               INTEGER PRIMARY KEY,
    id                TEXT    NOT NULL UNIQUE,
    stream_id         TEXT    NOT NULL,
    record_key        TEXT    NOT NULL,
    category          TEXT    NOT NULL,
    audience          TEXT    NOT NULL,
    status            TEXT    NOT NULL,
    types             TEXT    NOT NULL,
    agency            TEXT    NOT NULL,
    region            TEXT,
    project_codes     TEXT    NOT NULL,
    title             TEXT    NOT NULL,
    summary           TEXT    NOT NULL,
    search_text       TEXT    NOT NULL,
    formed_date       TEXT    NOT NULL,
    recorded_at       TEXT    NOT NULL,
    last_recorded_at  TEXT    NOT NULL,
    first_position    INTEGER NOT NULL,
    last_position     INTEGER NOT NULL,
    due_date          TEXT,
    late              INTEGER NOT NULL,
    delay             INTEGER,
    publicity_closes_on TEXT,
    public_until      TEXT,
    version_count     INTEGER NOT NULL,
    corrections       INTEGER NOT NULL,
    versions          TEXT    NOT NULL
  );
  CREATE INDEX IF NOT EXISTS records_by_formed   ON records (category, formed_date, id);
  CREATE INDEX IF NOT EXISTS records_by_recorded ON records (category, recorded_at, id);
  CREATE INDEX IF NOT EXISTS records_by_stream   ON records (stream_id, first_position);

  CREATE TABLE IF NOT EXISTS record_projects (
    code TEXT    NOT NULL,
    rid  INTEGER NOT NULL,
    PRIMARY KEY (code, rid)
  ) WITHOUT ROWID;

  CREATE TABLE IF NOT EXISTS projects (
    code             TEXT NOT NULL PRIMARY KEY,
    name             TEXT,
    region           TEXT,
    registration     TEXT,
    first_recorded_at TEXT NOT NULL,
    last_recorded_at  TEXT NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE IF NOT EXISTS allocations (
    stream_id         TEXT NOT NULL PRIMARY KEY,
    kind              TEXT NOT NULL,
    category          TEXT NOT NULL,
    title             TEXT NOT NULL,
    region            TEXT,
    id_field          TEXT NOT NULL,
    first_recorded_at TEXT NOT NULL,
    last_recorded_at  TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS allocations_by_kind ON allocations (kind, stream_id);

  -- timeliness summary: publications per agency × category × (late, working days late)
  CREATE TABLE IF NOT EXISTS timeliness (
    agency   TEXT    NOT NULL,
    category TEXT    NOT NULL,
    late     INTEGER NOT NULL,
    delay    INTEGER NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (agency, category, late, delay)
  ) WITHOUT ROWID;

  -- records per category × audience × stream (group records only, '' otherwise) × publicUntil ('' = none)
  CREATE TABLE IF NOT EXISTS counts (
    category     TEXT    NOT NULL,
    audience     TEXT    NOT NULL,
    stream_id    TEXT    NOT NULL,
    public_until TEXT    NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (category, audience, stream_id, public_until)
  ) WITHOUT ROWID;

  -- Chinese full text: trigram tokens without positions (detail=none keeps the index small and
  -- fast to build); a match is a candidate set, confirmed by LIKE on records.search_text.
  CREATE VIRTUAL TABLE IF NOT EXISTS records_fts USING fts5 (
    search_text, content = '', contentless_delete = 1, tokenize = 'trigram', detail = none
  );
`;
