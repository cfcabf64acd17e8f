"""Named, rerunnable schema migrations, recorded in the ``migrations`` table.

A migration runs once per store; running them again is a no-op. Append new migrations to the
end of ``MIGRATIONS``; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3

INITIAL_SCHEMA = """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            external_id TEXT,
            source_path TEXT NOT NULL,
            url TEXT,
            outlet TEXT,
            byline TEXT,
            dateline TEXT,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            raw_text TEXT NOT NULL,
            language TEXT,
            published_date TEXT,
            published_basis TEXT NOT NULL,
            published_evidence TEXT,
            page_date TEXT,
            removed_spans TEXT NOT NULL
        );
        CREATE INDEX articles_published ON articles (published_date);
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='rowid'
        );
        CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
        END;
        CREATE TABLE rejections (
            id TEXT PRIMARY KEY,
            source_path TEXT NOT NULL,
            line INTEGER,
            reason TEXT NOT NULL,
            raw BLOB NOT NULL
        );
        CREATE TABLE analyses (
            article_id TEXT NOT NULL REFERENCES articles (id),
            kind TEXT NOT NULL,
            version TEXT NOT NULL,
            payload TEXT NOT NULL,
            PRIMARY KEY (article_id, kind)
        );
        CREATE TABLE results (
            kind TEXT PRIMARY KEY,
            payload TEXT NOT NULL
        );
        CREATE TABLE story_decisions (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            action TEXT NOT NULL,
            story_ids TEXT NOT NULL,
            article_ids TEXT NOT NULL,
            reason TEXT NOT NULL
        );
"""

# Analysts' saved searches of the story index (storyline.web.searches); filters as JSON.
SAVED_SEARCHES = """
        CREATE TABLE saved_searches (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            filters TEXT NOT NULL
        );
"""

# Each story's reconciled findings and timeline, with the fingerprint of what they were computed
# from, so a run recomputes only the stories whose inputs changed. The whole-store documents of
# earlier stores are split into rows by story; their empty fingerprints make the next run that
# changes anything recompute every story once.
STORY_RESULTS = """
        CREATE TABLE story_results (
            story_id TEXT PRIMARY KEY,
            fingerprint TEXT NOT NULL,
            findings TEXT NOT NULL,
            timeline TEXT NOT NULL
        );
        INSERT INTO story_results (story_id, fingerprint, findings, timeline)
        SELECT story.value ->> 'id', '',
            coalesce((SELECT json_group_array(json(f.value)) FROM results r, json_each(r.payload) f
                      WHERE r.kind = 'findings' AND f.value ->> 'story_id' = story.value ->> 'id'),
                     '[]'),
            coalesce((SELECT json_group_array(json(t.value)) FROM results r, json_each(r.payload) t
                      WHERE r.kind = 'timeline' AND t.value ->> 'story_id' = story.value ->> 'id'),
                     '[]')
        FROM results stories, json_each(stories.payload) story
        WHERE stories.kind = 'stories';
        DELETE FROM results WHERE kind IN ('findings', 'timeline');
"""

# Every derived pair the link stage found (``link.derivation_index``), one row each, with
# whether it survives the pruning of transitive edges (``kept``: the store's derivations). A
# run reads and rewrites only the pairs around its new articles, found by either end. The
# edges and the pruned derivations of earlier stores, two whole-store documents, become rows;
# the edges document keeps what oriented them (credited outlets, resolved dates and outlets).
DERIVATION_EDGES = """
        CREATE TABLE derivation_edges (
            from_id TEXT NOT NULL,
            to_id TEXT NOT NULL,
            kept INTEGER NOT NULL,
            payload TEXT NOT NULL,
            PRIMARY KEY (from_id, to_id)
        );
        CREATE INDEX derivation_edges_to ON derivation_edges (to_id);
        INSERT OR REPLACE INTO derivation_edges (from_id, to_id, kept, payload)
        SELECT e.value ->> 'from_id', e.value ->> 'to_id', 0, json(e.value)
        FROM results r, json_each(r.payload, '$.edges') e
        WHERE r.kind = 'derivation_edges' AND json_type(r.payload) = 'object';
        UPDATE derivation_edges SET kept = 1 WHERE (from_id, to_id) IN (
            SELECT d.value ->> 'from_id', d.value ->> 'to_id'
            FROM results r, json_each(r.payload) d WHERE r.kind = 'derivations'
        );
        UPDATE results SET payload = json_remove(payload, '$.edges')
        WHERE kind = 'derivation_edges' AND json_type(payload) = 'object';
        DELETE FROM results WHERE kind = 'derivations';
"""

# What the link stage keeps per article and per story, one row each, read by key for the
# articles and stories a run touches (``storyline.link.stage``; ``Store.put_keyed``): stories
# (sorted by their earliest date), who holds each article, resolved dates and outlets, the
# story-id registry (sorted by first article), the clusterer's assignments. ``sort`` orders
# the rows of a kind and finds them by value (a story's date, an id's first article). The
# whole-store documents of earlier stores become rows; a story's sort key is its earliest
# member's date (resolved, else ingested). The clusterer's checkpoints of the old format are
# dropped: the next run clusters the whole store once. The versions of a kind of analysis are
# read from an index (every run asks which articles are new or re-analysed), not from the
# table's pages, which hold the payloads.
KEYED_RESULTS = """
        CREATE TABLE keyed_results (
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            sort TEXT NOT NULL,
            payload TEXT NOT NULL,
            PRIMARY KEY (kind, key)
        );
        CREATE INDEX keyed_results_sort ON keyed_results (kind, sort, key);
        CREATE INDEX analyses_versions ON analyses (kind, article_id, version);
        INSERT OR REPLACE INTO keyed_results (kind, key, sort, payload)
        SELECT 'stories', s.value ->> 'id',
            coalesce((SELECT min(coalesce(
                        (SELECT p.value ->> 'date' FROM results pr, json_each(pr.payload) p
                         WHERE pr.kind = 'publication' AND p.key = m.value),
                        a.published_date))
                      FROM json_each(s.value, '$.article_ids') m
                      JOIN articles a ON a.id = m.value), '9999-12-31'),
            json(s.value)
        FROM results r, json_each(r.payload) s WHERE r.kind = 'stories';
        INSERT OR REPLACE INTO keyed_results (kind, key, sort, payload)
        SELECT 'story_of', m.value, s.value ->> 'id', json_quote(s.value ->> 'id')
        FROM results r, json_each(r.payload) s, json_each(s.value, '$.article_ids') m
        WHERE r.kind = 'stories';
        INSERT OR REPLACE INTO keyed_results (kind, key, sort, payload)
        SELECT r.kind, e.key, CASE WHEN r.kind = 'story_ids'
            THEN e.value ->> 'first_article_id' ELSE '' END,
            CASE WHEN e.type IN ('object', 'array') THEN json(e.value) ELSE json_quote(e.value) END
        FROM results r, json_each(r.payload) e
        WHERE r.kind IN ('publication', 'outlets', 'story_ids')
            AND json_type(r.payload) = 'object';
        DELETE FROM results
        WHERE kind IN ('stories', 'publication', 'outlets', 'story_ids', 'cluster_head',
                       'cluster_behind');
"""

# The entity registry as rows (``storyline.nlp.entities.state``), grown by each run's new
# mentions instead of rewritten whole: entities with their counts, the owner of each exact name
# key, the names each registered article asks about (so the stories a changed name touches are
# found) and those names' tokens, and the spellings the entities are resolved from, with their
# tokens (``storyline.nlp.entities.registry.name_tokens``). The whole-store
# ``entities`` document of earlier stores becomes rows (its titles seen once), kept readable;
# the registry is not marked complete, so the next run rebuilds it from every mention once.
ENTITY_REGISTRY = """
        CREATE TABLE registry_entities (
            id TEXT PRIMARY KEY,
            label TEXT NOT NULL,
            name TEXT NOT NULL,
            aliases TEXT NOT NULL,
            titles TEXT NOT NULL,
            seen INTEGER NOT NULL
        );
        CREATE TABLE registry_keys (
            family TEXT NOT NULL,
            key TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            PRIMARY KEY (family, key)
        );
        CREATE TABLE registry_articles (article_id TEXT PRIMARY KEY);
        CREATE TABLE registry_names (
            key TEXT NOT NULL,
            article_id TEXT NOT NULL,
            PRIMARY KEY (key, article_id)
        );
        CREATE TABLE registry_name_tokens (
            token TEXT NOT NULL,
            key TEXT NOT NULL,
            PRIMARY KEY (token, key)
        );
        CREATE TABLE registry_spellings (
            id TEXT PRIMARY KEY,
            family TEXT NOT NULL,
            label TEXT NOT NULL,
            name TEXT NOT NULL,
            key TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            seen INTEGER NOT NULL,
            titles TEXT NOT NULL,
            texts TEXT NOT NULL
        );
        CREATE INDEX registry_spellings_entity ON registry_spellings (entity_id);
        CREATE TABLE registry_spelling_tokens (
            token TEXT NOT NULL,
            spelling_id TEXT NOT NULL,
            PRIMARY KEY (token, spelling_id)
        );
        INSERT OR REPLACE INTO registry_entities (id, label, name, aliases, titles, seen)
        SELECT e.value ->> 'id', e.value ->> 'label', e.value ->> 'name',
            (SELECT json_group_array(v) FROM (
                SELECT a.value AS v FROM json_each(e.value, '$.aliases') a
                UNION SELECT e.value ->> 'name' ORDER BY 1)),
            CASE WHEN e.value ->> 'title' IS NULL THEN '[]'
                 ELSE json_array(json_array(e.value ->> 'title', 1)) END,
            0
        FROM results r, json_each(r.payload) e
        WHERE r.kind = 'entities' AND json_type(r.payload) = 'array';
        DELETE FROM results WHERE kind = 'entities';
"""

# What the link stage reads, marked by triggers in the writer's transaction, so a run finds
# what changed without reading every article's versions (``storyline.runner``,
# ``storyline.link.stream_checkpoint``): a counter (``change_marks.link_inputs``) raised by
# every write of an article's features or metadata clues and by every analyst's decision
# (equal counters, nothing to link), and the queue of the articles so written, each with the
# counter's value when it was queued; the link stage clears the rows it took that were
# queued no later than the counter it read first, so an article queued again meanwhile
# stays. Other kinds of analysis are left out: the stages after linking rewrite some of them
# (time expressions re-anchored), and the link stage does not read them. Every analysed
# article of an older store is queued once.
LINK_INPUTS = """
        CREATE TABLE change_marks (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        INSERT INTO change_marks (name, value) VALUES ('link_inputs', 0);
        CREATE TABLE link_queue (article_id TEXT PRIMARY KEY, mark INTEGER NOT NULL);
        INSERT OR IGNORE INTO link_queue (article_id, mark)
        SELECT article_id, 0 FROM analyses WHERE kind IN ('features', 'clues');
        CREATE TRIGGER analyses_mark_insert AFTER INSERT ON analyses
        WHEN NEW.kind IN ('features', 'clues') BEGIN
            UPDATE change_marks SET value = value + 1 WHERE name = 'link_inputs';
            INSERT OR REPLACE INTO link_queue (article_id, mark)
            SELECT NEW.article_id, value FROM change_marks WHERE name = 'link_inputs';
        END;
        CREATE TRIGGER analyses_mark_update AFTER UPDATE ON analyses
        WHEN NEW.kind IN ('features', 'clues') BEGIN
            UPDATE change_marks SET value = value + 1 WHERE name = 'link_inputs';
            INSERT OR REPLACE INTO link_queue (article_id, mark)
            SELECT NEW.article_id, value FROM change_marks WHERE name = 'link_inputs';
        END;
        CREATE TRIGGER analyses_mark_delete AFTER DELETE ON analyses
        WHEN OLD.kind IN ('features', 'clues') BEGIN
            UPDATE change_marks SET value = value + 1 WHERE name = 'link_inputs';
        END;
        CREATE TRIGGER decisions_mark AFTER INSERT ON story_decisions BEGIN
            UPDATE change_marks SET value = value + 1 WHERE name = 'link_inputs';
        END;
"""

# The clusterer's state became rows (``storyline.link.stream_checkpoint``): the two whole-state
# checkpoints of earlier stores are dropped, and the next run clusters the whole store once.
CLUSTER_ROWS = """
        DELETE FROM results
        WHERE kind IN ('cluster_head', 'cluster_behind', 'cluster_head_bounds',
                       'cluster_behind_bounds');
"""

# The stream's order within a day became the order of arrival (the rowid here): the
# clusterer's state of the former order goes, and the next run clusters the whole store once.
ARTICLE_ARRIVAL = """
        DELETE FROM results WHERE kind = 'cluster_state';
"""


# The LSH bands of every stored MinHash signature (``storyline.link.minhash``; analyses of kind
# ``minhash``), one row per band, keyed as ``minhash.band_keys`` keys them: the two 32-bit hash
# values of a band as one integer, ``(first << 32) | second`` (128 bands of 2 rows). The
# derivation search asks which stored articles share a band with a new one
# (``Store.lsh_matches``) and reads only their signatures, not every signature of the window.
# Triggers keep the rows in step with the analyses in the writer's transaction (a write drops
# the bands of the payload it replaces: before the insert, as the store's ``INSERT OR
# REPLACE`` deletes the old row without firing delete triggers); the signatures of an older
# store are banded once here. A payload without values (an article without content words) has
# no bands.
def _bands_of(payload: str, rest: str, analyses: str = "") -> str:
    """The rows (band, key, ``rest``) of the bands of a signature ``payload`` (a JSON array of
    hash values), read from ``analyses`` (tables and a comma, or nothing in a trigger);
    ``rest``: the columns after the band's key (the article's id; its day, then its id)."""
    return f"""
            SELECT e.key / 2, (e.value << 32) | json_extract({payload}, '$[' || (e.key + 1) || ']'),
                {rest}
            FROM {analyses}json_each({payload}) e
            WHERE json_type({payload}) = 'array' AND e.key % 2 = 0 AND e.key < 256
                AND e.key + 1 < json_array_length({payload})"""


# The rows of the bands of a signature the trigger's UPDATE replaces, and of one deleted
_DROP_OLD_BANDS = f"""
            DELETE FROM lsh_bands WHERE OLD.kind = 'minhash'
            AND (band, key, article_id) IN ({_bands_of("OLD.payload", "OLD.article_id")});
"""
_DELETE_TRIGGER = f"""        CREATE TRIGGER lsh_bands_delete AFTER DELETE ON analyses
        WHEN OLD.kind = 'minhash' BEGIN
            DELETE FROM lsh_bands WHERE (band, key, article_id) IN (
                {_bands_of("OLD.payload", "OLD.article_id")});
        END;
"""

LSH_BANDS = f"""
        CREATE TABLE lsh_bands (
            band INTEGER NOT NULL,
            key INTEGER NOT NULL,
            article_id TEXT NOT NULL,
            PRIMARY KEY (band, key, article_id)
        ) WITHOUT ROWID;
        INSERT OR IGNORE INTO lsh_bands (band, key, article_id)
        {_bands_of("a.payload", "a.article_id", "analyses a, ")} AND a.kind = 'minhash';
        CREATE TRIGGER lsh_bands_replace BEFORE INSERT ON analyses
        WHEN NEW.kind = 'minhash' BEGIN
            DELETE FROM lsh_bands WHERE (band, key, article_id) IN (
                {_bands_of("a.payload", "a.article_id", "analyses a, ")}
                AND a.article_id = NEW.article_id AND a.kind = 'minhash');
        END;
        CREATE TRIGGER lsh_bands_insert AFTER INSERT ON analyses
        WHEN NEW.kind = 'minhash' BEGIN
            INSERT OR IGNORE INTO lsh_bands (band, key, article_id)
            {_bands_of("NEW.payload", "NEW.article_id")};
        END;
        CREATE TRIGGER lsh_bands_update AFTER UPDATE ON analyses
        WHEN OLD.kind = 'minhash' OR NEW.kind = 'minhash' BEGIN
{_DROP_OLD_BANDS}            INSERT OR IGNORE INTO lsh_bands (band, key, article_id)
            {_bands_of("NEW.payload", "NEW.article_id")} AND NEW.kind = 'minhash';
        END;
{_DELETE_TRIGGER}"""

# The bands of the signatures the store writes became its writer's (``SQLiteStore.put_analyses``):
# a trigger inserts an article's 128 bands at 128 places of the index, a first run's 1,700
# articles at some 200,000 places (a second of a bulk run), while the writer inserts the bands
# of a batch of signatures sorted, appending to the index. The triggers that drop the bands
# of an updated or deleted signature stay.
LSH_BANDS_BY_WRITER = """
        DROP TRIGGER lsh_bands_replace;
        DROP TRIGGER lsh_bands_insert;
"""


# The band index keyed by day too: each row holds its article's ingested date ('' for an
# article ingested without one), so the derivation search reads the rows of its time window
# only (``SQLiteStore.lsh_matches``). Keyed by band alone, a band that many articles share (a
# phrase every report of a feed carries) was read whole and its rows dated one by one: at
# 265,000 stored articles the busiest bands held 1,000-1,300 articles, a lookup took 10 ms
# and the lookups were 40% of adding 5,000 articles, growing with the store. Articles are
# never re-dated (their row is written once), so a row's day stays true.
def day_of(article_id: str) -> str:
    """The ingested day a band row holds for the article (SQL of both backends)."""
    return f"coalesce((SELECT published_date FROM articles WHERE id = {article_id}), '')"


LSH_BANDS_BY_DAY = f"""
        DROP TRIGGER lsh_bands_update;
        DROP TRIGGER lsh_bands_delete;
        CREATE TABLE lsh_bands_by_day (
            band INTEGER NOT NULL,
            key INTEGER NOT NULL,
            day TEXT NOT NULL,
            article_id TEXT NOT NULL,
            PRIMARY KEY (band, key, day, article_id)
        ) WITHOUT ROWID;
        INSERT INTO lsh_bands_by_day (band, key, day, article_id)
        SELECT l.band, l.key, coalesce(a.published_date, ''), l.article_id
        FROM lsh_bands l JOIN articles a ON a.id = l.article_id ORDER BY 1, 2, 3, 4;
        DROP TABLE lsh_bands;
        ALTER TABLE lsh_bands_by_day RENAME TO lsh_bands;
        CREATE TRIGGER lsh_bands_update AFTER UPDATE ON analyses
        WHEN OLD.kind = 'minhash' OR NEW.kind = 'minhash' BEGIN
{_DROP_OLD_BANDS}            INSERT OR IGNORE INTO lsh_bands (band, key, day, article_id)
            {_bands_of("NEW.payload", f"{day_of('NEW.article_id')}, NEW.article_id")}
                AND NEW.kind = 'minhash';
        END;
{_DELETE_TRIGGER}"""
BANDED_KIND = "minhash"  # the analyses whose bands ``lsh_bands`` holds
# The band rows of the stored signatures of the articles of a JSON array (the parameter)
_DATED_BANDS = _bands_of(
    "a.payload",
    "coalesce(d.published_date, ''), a.article_id",
    "analyses a JOIN articles d ON d.id = a.article_id, ",
)
_STORED_BANDS = f"""{_DATED_BANDS}
                AND a.kind = '{BANDED_KIND}' AND a.article_id IN (SELECT value FROM json_each(?))"""
# What ``SQLiteStore.put_analyses`` runs before replacing signatures (the rows of their
# bands, then each deleted by its whole key: a row-value ``IN`` would seek by band and key
# alone and read every article a busy band holds), and after
STORED_BANDS = f"SELECT * FROM ({_STORED_BANDS})"
DROP_BAND = "DELETE FROM lsh_bands WHERE band = ? AND key = ? AND day = ? AND article_id = ?"
ADD_STORED_BANDS = (
    "INSERT OR IGNORE INTO lsh_bands (band, key, day, article_id) "
    f"{_STORED_BANDS} ORDER BY 1, 2, 3, 4"
)

# One row per story for the story list (``storyline.report.story_rows``): its sort keys (the
# rank of each of ``storyline.web.story_index.SORTS``, smaller first; ties by story id) and
# its payload (the row shown, the story's version, its articles' facet values). And how many
# articles of the stories have each facet value (outlet, language, mention text), kept by the
# same writer from the payloads it replaces. Filled by the next run (``update_stages``).
STORY_INDEX = """
        CREATE TABLE story_index (
            story_id TEXT PRIMARY KEY,
            stamp TEXT NOT NULL,
            latest INTEGER NOT NULL,
            first INTEGER NOT NULL,
            sources INTEGER NOT NULL,
            size INTEGER NOT NULL,
            payload TEXT NOT NULL
        );
        CREATE INDEX story_index_latest ON story_index (latest, story_id);
        CREATE INDEX story_index_first ON story_index (first, story_id);
        CREATE INDEX story_index_sources ON story_index (sources, story_id);
        CREATE INDEX story_index_size ON story_index (size, story_id);
        CREATE TABLE facet_counts (
            facet TEXT NOT NULL,
            value TEXT NOT NULL,
            articles INTEGER NOT NULL,
            PRIMARY KEY (facet, value)
        );
        CREATE INDEX facet_counts_articles ON facet_counts (facet, articles, value);
"""

# The resolved day of each article the link stage dated (``publication`` rows) as the rows'
# sort value, so ``Store.article_ids_near`` finds them through ``keyed_results_sort``.
PUBLICATION_DAYS = """
        UPDATE keyed_results SET sort = coalesce(payload ->> '$.date', '')
        WHERE kind = 'publication';
"""


# The articles ``analyze`` has still to analyse (``Store.unanalysed_ids``), kept in the writer's
# transaction so that a run with nothing to do reads the queue, not every article. The queue is
# kept against the analysis versions stored in ``analysis_queue_versions`` (each kind the
# components produce at its version, ``failed`` 0, and the kind and signature of a failure,
# ``failed`` 1): an article is queued while ``analysis_pending`` holds for it, i.e. it has no
# failure of that signature and lacks some kind at its version. Triggers re-check an article
# when it is inserted and when an analysis of a stored kind is written or deleted, so an
# article leaves the queue in the transaction that commits its last analysis (or its
# failure). The versions live in the code: this step stores none, and the first listing
# (whose versions then differ from the stored ones) fills the queue from every article.
def analysis_pending(article: str) -> str:
    """SQL true when the article ``article`` (a column or variable) is to be analysed at the
    versions of ``analysis_queue_versions``. Migration 0013's triggers hold a copy of this
    text: a change to it needs a new migration that recreates them."""
    return f"""NOT EXISTS (
                SELECT 1 FROM analysis_queue_versions v JOIN analyses x
                ON x.kind = v.kind AND x.version = v.version
                WHERE v.failed = 1 AND x.article_id = {article})
            AND EXISTS (
                SELECT 1 FROM analysis_queue_versions v WHERE v.failed = 0 AND NOT EXISTS (
                    SELECT 1 FROM analyses x
                    WHERE x.article_id = {article} AND x.kind = v.kind
                        AND x.version = v.version))"""


def _requeue(article: str) -> str:
    """The statements of a trigger that queues ``article`` or not, as it is now pending."""
    return f"""
            DELETE FROM analysis_queue WHERE article_id = {article};
            INSERT OR IGNORE INTO analysis_queue (article_id)
            SELECT {article} WHERE {analysis_pending(article)};"""


_STORED_KIND = "IN (SELECT kind FROM analysis_queue_versions)"

ANALYSIS_QUEUE = f"""
        CREATE TABLE analysis_queue (article_id TEXT PRIMARY KEY);
        CREATE TABLE analysis_queue_versions (
            kind TEXT PRIMARY KEY,
            version TEXT NOT NULL,
            failed INTEGER NOT NULL
        );
        CREATE TRIGGER analysis_queue_article AFTER INSERT ON articles BEGIN
            {_requeue("NEW.id")}
        END;
        CREATE TRIGGER analysis_queue_insert AFTER INSERT ON analyses
        WHEN NEW.kind {_STORED_KIND} BEGIN
            {_requeue("NEW.article_id")}
        END;
        CREATE TRIGGER analysis_queue_update AFTER UPDATE ON analyses
        WHEN OLD.kind {_STORED_KIND} OR NEW.kind {_STORED_KIND} BEGIN
            {_requeue("NEW.article_id")}
        END;
        CREATE TRIGGER analysis_queue_delete AFTER DELETE ON analyses
        WHEN OLD.kind {_STORED_KIND} BEGIN
            {_requeue("OLD.article_id")}
        END;
"""

# What the story list's filters on the articles match (outlet, language, day, mention text),
# one row per value of each story's member article, with the story (``Store.put_filter_values``,
# written with the story list's rows; a row's payload lists the members whose values it keeps,
# so they are deleted with it, by article and story): a filtered list is a query of these rows,
# found by facet and value and checked per article (``filter_values_article``), not a read of
# every article. The rows are written by the next run, which rewrites every story list row
# (their stamps changed with this step); until then the rows are not taken as current.
FILTER_VALUES = """
        CREATE TABLE filter_values (
            facet TEXT NOT NULL,
            value TEXT NOT NULL,
            article_id TEXT NOT NULL,
            story_id TEXT NOT NULL,
            PRIMARY KEY (facet, value, article_id)
        ) WITHOUT ROWID;
        CREATE INDEX filter_values_article ON filter_values (article_id, facet, value);
        DELETE FROM results WHERE kind = 'story_index_inputs';
"""

# A timeline report's kind was "report:" and the words before its verb ("report:the results",
# "report:cast a ballot,” biden"); it is now "report", with the reporter in its own field, an
# entity's name or null (``storyline.reconcile.timeline``). Stored reports become "report" with
# no reporter, and their stories' empty fingerprints make the next run recompute them, naming
# the reporters again from the articles' entities.
TIMELINE_REPORTERS = """
        UPDATE story_results SET fingerprint = '', timeline = (
            SELECT json_group_array(
                CASE WHEN t.value ->> 'kind' LIKE 'report:%'
                    THEN json_set(t.value, '$.kind', 'report', '$.reporter', json('null'))
                    ELSE json(t.value) END)
            FROM json_each(story_results.timeline) t)
        WHERE timeline LIKE '%"report:%';
"""

# (name, SQL script). Each script runs in one transaction together with its record.
MIGRATIONS: list[tuple[str, str]] = [
    ("0001_initial_schema", INITIAL_SCHEMA),
    ("0002_saved_searches", SAVED_SEARCHES),
    ("0003_story_results", STORY_RESULTS),
    ("0004_derivation_edges", DERIVATION_EDGES),
    ("0005_keyed_results", KEYED_RESULTS),
    ("0006_entity_registry", ENTITY_REGISTRY),
    ("0007_link_inputs", LINK_INPUTS),
    ("0008_cluster_rows", CLUSTER_ROWS),
    ("0009_article_arrival", ARTICLE_ARRIVAL),
    ("0010_lsh_bands", LSH_BANDS),
    ("0011_story_index", STORY_INDEX),
    ("0012_publication_days", PUBLICATION_DAYS),
    ("0013_analysis_queue", ANALYSIS_QUEUE),
    ("0014_filter_values", FILTER_VALUES),
    ("0015_timeline_reporters", TIMELINE_REPORTERS),
    ("0016_lsh_bands_by_writer", LSH_BANDS_BY_WRITER),
    ("0017_lsh_bands_by_day", LSH_BANDS_BY_DAY),
]


def migrate(db: sqlite3.Connection) -> list[str]:
    """Apply the migrations this store has not seen; return the names applied now."""
    db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY)")
    done = {row[0] for row in db.execute("SELECT name FROM migrations")}
    applied = []
    for name, script in MIGRATIONS:
        if name in done:
            continue
        # executescript() commits first, so BEGIN/COMMIT here make the step and its record
        # one transaction: a crash leaves either both or neither.
        db.executescript(
            f"BEGIN;\n{script}\nINSERT INTO migrations (name) VALUES ('{name}');\nCOMMIT;"
        )
        applied.append(name)
    return applied
