// The schema, as an append-only list: entry N brings a database from user_version N to N+1.
// Never edit an entry that has shipped; add a new one.
export const migrations: readonly string[] = [
  // 1: sources' polling state, items, stories, dedup decisions, published outputs.
  `
  CREATE TABLE source_state (
    source_id TEXT PRIMARY KEY,
    current_url TEXT,
    etag TEXT,
    last_modified TEXT,
    body_hash TEXT,
    last_fetch_at TEXT,
    last_success_at TEXT,
    last_status INTEGER,
    last_error TEXT,
    next_poll_at TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    disabled_reason TEXT,
    redirect_target TEXT,
    redirect_seen INTEGER NOT NULL DEFAULT 0
  ) STRICT;

  CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    source_id TEXT NOT NULL,
    item_key TEXT NOT NULL,
    guid TEXT,
    url TEXT,
    canonical_url TEXT,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    content_html TEXT,
    author TEXT,
    categories TEXT NOT NULL DEFAULT '[]',
    enclosures TEXT NOT NULL DEFAULT '[]',
    language TEXT,
    published TEXT,
    updated TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    story_id TEXT,
    UNIQUE (source_id, item_key)
  ) STRICT;
  CREATE INDEX items_canonical_url ON items (canonical_url);
  CREATE INDEX items_story ON items (story_id);
  CREATE INDEX items_first_seen ON items (first_seen);

  CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    representative_item_id INTEGER NOT NULL,
    title TEXT NOT NULL,
    url TEXT,
    published TEXT NOT NULL,
    updated TEXT NOT NULL
  ) STRICT;
  CREATE INDEX stories_updated ON stories (updated);
  CREATE INDEX stories_published ON stories (published);

  CREATE TABLE decisions (
    item_id INTEGER PRIMARY KEY REFERENCES items (id),
    story_id TEXT NOT NULL,
    rule TEXT NOT NULL,
    score REAL NOT NULL,
    matched_item_id INTEGER,
    components TEXT NOT NULL DEFAULT '{}',
    decided_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE published_outputs (
    output_id TEXT NOT NULL,
    format TEXT NOT NULL,
    digest TEXT NOT NULL,
    last_modified TEXT NOT NULL,
    PRIMARY KEY (output_id, format)
  ) STRICT;
  `,
  // 2: the story engine's matching features per item (normalised tokens, numbers, LSH band keys)
  // and a generation counter. The LSH buckets themselves live in memory, rebuilt from the rows
  // of the time window only (at_ms index), so lookups never touch the whole history.
  `
  -- No foreign key to items: derived data must never block a retention job deleting items
  -- (reads join items, so orphans are invisible).
  CREATE TABLE dedup_features (
    item_id INTEGER PRIMARY KEY,
    source_id TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    link_key TEXT,
    features TEXT NOT NULL
  ) STRICT;
  CREATE INDEX dedup_features_at ON dedup_features (at_ms);
  CREATE INDEX dedup_features_link ON dedup_features (link_key) WHERE link_key IS NOT NULL;

  CREATE TABLE dedup_meta (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL
  ) STRICT;
  INSERT INTO dedup_meta (id, generation) VALUES (1, 0);
  `,
  // 3: publisher hints survive 304s (ttl, skipHours, sy:* are only in the body); the configured
  // URL a state belongs to (an edited config URL must win over an old redirect); and the
  // validators of every published document, so Last-Modified moves whenever the bytes change.
  `
  ALTER TABLE source_state ADD COLUMN publisher_hints TEXT;
  ALTER TABLE source_state ADD COLUMN configured_url TEXT;
  CREATE TABLE published_documents (
    path TEXT PRIMARY KEY,
    etag TEXT NOT NULL,
    last_modified TEXT NOT NULL
  ) STRICT;
  DROP TABLE published_outputs;
  `,
  // 4: the story engine's hot path writes fewer pages per item (on a file database each WAL page
  // costs two write calls). The matching link moves onto the item (one partial index, written
  // with the item's story), and the per-item features rows go: the window index is rebuilt from
  // the items of the window at start instead (features are recomputed, so they can never disagree
  // with the matcher's code). Three indexes that no query needs go too, each a random page per
  // item: items_canonical_url (lookups by link use link_key; explain scans), items_first_seen (the
  // window's first id is found by a binary search on ids, which follow ingest order) and
  // stories_updated (stories are listed by published time).
  `
  ALTER TABLE items ADD COLUMN link_key TEXT;
  UPDATE items SET link_key = (SELECT f.link_key FROM dedup_features f WHERE f.item_id = items.id)
    WHERE id IN (SELECT item_id FROM dedup_features WHERE link_key IS NOT NULL);
  CREATE INDEX items_link_key ON items (link_key) WHERE link_key IS NOT NULL;
  DROP INDEX items_canonical_url;
  DROP INDEX items_first_seen;
  DROP INDEX stories_updated;
  DROP TABLE dedup_features;
  `,
  // 5: the story engine runs apart from ingest (possibly in another process): items carry whether
  // they await placement (1 new, 2 changed since placed), their content length and, for a change,
  // the length of the version it replaced (a fuller version moves the story). Stories merged into
  // another keep their id as an alias of the survivor, so readers and `explain` can follow them.
  `
  ALTER TABLE items ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE items ADD COLUMN content_length INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE items ADD COLUMN replaced_length INTEGER;
  UPDATE items SET content_length = max(length(summary), coalesce(length(content_html), 0));
  UPDATE items SET pending = 1 WHERE story_id IS NULL;
  CREATE INDEX items_pending ON items (id) WHERE pending != 0;
  CREATE TABLE story_aliases (
    alias TEXT PRIMARY KEY,
    story_id TEXT NOT NULL
  ) STRICT;
  CREATE INDEX story_aliases_story ON story_aliases (story_id);
  `,
  // 6: when the last poll cycle ran, so that readiness and metrics can be read by any process on
  // this database (`serve` beside a `poll --once` from cron), not only by the one that polled.
  // One row: only the latest cycle matters.
  `
  CREATE TABLE poll_cycles (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    sources_polled INTEGER NOT NULL,
    sources_failed INTEGER NOT NULL
  ) STRICT;
  `,
  // 7: polls the store could not keep (disk full, I/O), per source, until the source stores again:
  // what `feedmerge sources` and the page show, apart from the source's own errors.
  `
  CREATE TABLE store_failures (
    source_id TEXT PRIMARY KEY,
    error TEXT NOT NULL,
    at TEXT NOT NULL
  ) STRICT;
  `,
  // 8: story engine v2 merges stories as it places items; each merge re-points the absorbed story's
  // decisions, which without this index read the whole decisions table.
  `
  CREATE INDEX decisions_story ON decisions (story_id);
  `,
  // 9: the story each item joined when it was placed and the stories its placement absorbed (space-
  // separated), never rewritten by later merges: a rebuilt window replays them in order, so late items
  // can take back placements made before the process started.
  `
  ALTER TABLE items ADD COLUMN joined_story TEXT;
  ALTER TABLE items ADD COLUMN joined_absorbed TEXT;
  `,
  // 10: what was wrong with the last feed parsed from a source though its items were stored (it was
  // cut off), for `feedmerge sources`, the page and /metrics; NULL once a whole feed is parsed.
  `
  ALTER TABLE source_state ADD COLUMN warning TEXT;
  `,
  // 11: the stable code of the last error's cause (fetch/failure-cause.ts), apart from its line: the
  // public page words the code and never shows the line, which may name an internal address. NULL on
  // the rows of older versions until their next failure; the page says "failed" for those.
  // last_error_cause_line is the line the cause was stored with: a version without causes (a poller
  // not yet upgraded beside upgraded ones, or a rollback) rewrites last_error and leaves the cause,
  // which then no longer belongs to it and is not read (source-state.ts), rather than worded wrong.
  `
  ALTER TABLE source_state ADD COLUMN last_error_cause TEXT;
  ALTER TABLE source_state ADD COLUMN last_error_cause_line TEXT;
  `,
  // 12: each item's place in its feed's document when the item was first stored (0 = the top item),
  // written once: stories of one time (an undated feed's items share their poll's first-seen time) are
  // listed as their feed lists them (stories.ts). 0 on rows stored before this migration.
  `
  ALTER TABLE items ADD COLUMN feed_position INTEGER NOT NULL DEFAULT 0;
  `,
  // 13: when each story id became an alias (the placement that merged it, store/merge-time.ts), so the
  // Atom feeds can publish a tombstone (RFC 6721) for its entry while it would still be in them, and the
  // absorbed story's published time then, so an output with maxAgeHours keeps its survivor (dated by the
  // older story) as long as the absorbed story would have been there, and its members' sources (a JSON
  // array), so both concern only outputs that carried its entry. NULL on aliases made before this
  // migration: not known; they get no tombstone and keep no survivor.
  `
  ALTER TABLE story_aliases ADD COLUMN absorbed_at TEXT;
  ALTER TABLE story_aliases ADD COLUMN absorbed_published TEXT;
  ALTER TABLE story_aliases ADD COLUMN absorbed_sources TEXT;
  CREATE INDEX story_aliases_absorbed ON story_aliases (absorbed_at);
  `,
  // 14: the absorbed story's title and member item ids (a JSON array) when it was merged, so an output's
  // include/exclude words, categories and languages decide its tombstone as they decided its entry
  // (deleted-entries.ts). NULL on aliases made before this migration: not known; their tombstones are
  // listed by sources alone, as before.
  `
  ALTER TABLE story_aliases ADD COLUMN absorbed_title TEXT;
  ALTER TABLE story_aliases ADD COLUMN absorbed_items TEXT;
  `,
  // 15: an updated item's title, lead, link and published date as they were when it was last placed, kept
  // (like replaced_length) until it is placed again, so the story engine can tell whether what the story's
  // entry shows of it changed (a member's reworded title) and move the story's `updated`. NULL when not
  // pending as an update, and on updates stored before this migration (not known: `updated` moves as before).
  `
  ALTER TABLE items ADD COLUMN replaced_title TEXT;
  ALTER TABLE items ADD COLUMN replaced_summary TEXT;
  ALTER TABLE items ADD COLUMN replaced_url TEXT;
  ALTER TABLE items ADD COLUMN replaced_published TEXT;
  `,
];
