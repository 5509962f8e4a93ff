"""Visit summaries added up per store and UTC day (``visit_day_counts``), kept by triggers on
PostgreSQL whoever writes a summary, and filled here from the summaries already there: the
dashboard then reads a month of a busy store from a few thousand rows instead of a million
summaries (issue 15's speed goal). A summary also gets its visit's later stages (a link
opened, a consent, an appointment: ``later``), set by triggers when the summary is written and
when those records come, so that no period joins them to its summaries any more.

On SQLite (a kiosk's own few visits) the table is made but stays empty: the dashboard reads
the summaries there.

Revision ID: 0006_visit_day_counts
Revises: 0005_visit_summaries
Create Date: 2026-12-05 00:20:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_visit_day_counts"
down_revision = "0005_visit_summaries"
branch_labels = None
depends_on = None

# The figures of one summary row ``r``, as (key, n): the same bits as
# ``kiosk.insights.summary`` (frozen here, as a migration must be).
EXPAND = """
SELECT r.store_id, CAST(r.started_at AT TIME ZONE 'UTC' AS date) AS day, k.key, SUM(k.n) AS n
FROM {rows} AS r CROSS JOIN LATERAL (
    SELECT '#visits', 1
    UNION ALL
    SELECT b.name, 1
    FROM (VALUES ('#needs', 1), ('#story', 2), ('#lookbook', 4), ('#selection', 8),
                 ('#handoff', 16), ('#greeting', 32)) AS b (name, bit)
    WHERE r.stages & b.bit <> 0
    UNION ALL
    SELECT b.name, 1
    FROM (VALUES ('#link_opened', 1), ('#consent', 2), ('#appointment', 4)) AS b (name, bit)
    WHERE r.later & b.bit <> 0
    UNION ALL
    SELECT CASE WHEN r.nps >= 9 THEN '#promoters' WHEN r.nps >= 7 THEN '#passives'
                ELSE '#detractors' END, 1
    WHERE r.nps IS NOT NULL
    UNION ALL
    SELECT '#ces_sum', r.ces WHERE r.ces IS NOT NULL
    UNION ALL
    SELECT '#ces_n', 1 WHERE r.ces IS NOT NULL
    UNION ALL
    SELECT e.value, 1 FROM jsonb_array_elements_text(r.items) AS e (value)
) AS k (key, n)
GROUP BY 1, 2, 3
"""
UPSERT = """
INSERT INTO visit_day_counts (store_id, day, key, n)
SELECT store_id, day, key, {sign} n FROM ({expand}) AS x
ON CONFLICT (store_id, day, key) DO UPDATE SET n = visit_day_counts.n + EXCLUDED.n
"""
FUNCTION = f"""
CREATE FUNCTION visit_day_counts_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {UPSERT.format(sign="-", expand=EXPAND.format(rows="old_rows"))};
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        {UPSERT.format(sign="", expand=EXPAND.format(rows="new_rows"))};
    END IF;
    RETURN NULL;
END $$
"""
LATER = """
CREATE FUNCTION visit_later(v uuid) RETURNS integer LANGUAGE sql VOLATILE AS $$
SELECT CASE WHEN EXISTS (SELECT 1 FROM followup_links
                         WHERE visit_id = v AND first_opened_at IS NOT NULL) THEN 1 ELSE 0 END
     | CASE WHEN EXISTS (SELECT 1 FROM consents WHERE visit_id = v) THEN 2 ELSE 0 END
     | CASE WHEN EXISTS (SELECT 1 FROM consents WHERE visit_id = v AND purpose = 'appointment')
              OR EXISTS (SELECT 1 FROM followup_tasks
                         WHERE visit_id = v AND kind = 'appointment') THEN 4 ELSE 0 END
$$
"""
"""A visit's later stages as bits (1 link opened, 2 consent, 4 appointment): the dashboard's
definitions (``kiosk.insights.dashboard``), from the visit's own records, by their indexes.
VOLATILE, so that it reads what was committed up to its call (READ COMMITTED), not what
was when the statement began: see ``LOCK``."""
LOCK = "PERFORM 1 FROM visits WHERE id = {} FOR NO KEY UPDATE;"
"""A summary written while a link of its visit is opened (or a consent given) in another
transaction would otherwise miss it for good: neither would see the other's uncommitted row.
Both lock the visit's row first, so the second waits for the first to commit, then reads it.
A row lock, kept in the row itself: a batch of thousands of visits takes no lock table
entries (advisory locks ran out of shared memory at 100,000 links in one statement), and
foreign key checks (KEY SHARE) do not wait on it."""
LATER_OF_ROW = f"""
CREATE FUNCTION visit_summaries_later() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {LOCK.format("NEW.visit_id")}
    NEW.later := visit_later(NEW.visit_id);
    RETURN NEW;
END $$
"""
"""Whoever writes a summary (a kiosk's sync sends 0), the store sets its later stages."""
TOUCH = f"""
CREATE FUNCTION visit_later_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        {LOCK.format("OLD.visit_id")}
    END IF;
    IF TG_OP <> 'DELETE' THEN
        {LOCK.format("NEW.visit_id")}
    END IF;
    UPDATE visit_summaries SET later = visit_later(visit_id)
    WHERE visit_id IN (OLD.visit_id, NEW.visit_id) AND later <> visit_later(visit_id);
    RETURN NULL;
END $$
"""
"""A link opened, a consent given or an appointment booked after the summary: its later stages
set again (and its day counts with them)."""
TOUCHED = {
    "followup_links": "first_opened_at, visit_id",
    "consents": "purpose, visit_id",
    "followup_tasks": "kind, visit_id",
}
FILL_LATER = """
UPDATE visit_summaries AS s SET later = x.bits
FROM (SELECT visit_id, bit_or(bit) AS bits FROM (
          SELECT visit_id, 1 AS bit FROM followup_links WHERE first_opened_at IS NOT NULL
          UNION ALL SELECT visit_id, 2 FROM consents
          UNION ALL SELECT visit_id, 4 FROM consents WHERE purpose = 'appointment'
          UNION ALL SELECT visit_id, 4 FROM followup_tasks WHERE kind = 'appointment'
      ) AS found WHERE visit_id IS NOT NULL GROUP BY visit_id) AS x
WHERE s.visit_id = x.visit_id
"""

# one trigger per event: PostgreSQL allows transition tables only on single-event triggers
TRIGGERS = {
    "INSERT": "REFERENCING NEW TABLE AS new_rows",
    "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "REFERENCING OLD TABLE AS old_rows",
}


def upgrade() -> None:
    op.create_table(
        "visit_day_counts",
        sa.Column("store_id", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("store_id", "day", "key", name=op.f("pk_visit_day_counts")),
    )
    with op.batch_alter_table("visit_summaries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("later", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(LATER)
    op.execute(FILL_LATER)
    op.execute(LATER_OF_ROW)
    op.execute(
        "CREATE TRIGGER visit_summaries_later BEFORE INSERT OR UPDATE ON visit_summaries"
        " FOR EACH ROW EXECUTE FUNCTION visit_summaries_later()"
    )
    op.execute(TOUCH)
    for table, columns in TOUCHED.items():
        op.execute(
            f"CREATE TRIGGER {table}_later AFTER INSERT OR DELETE OR UPDATE OF {columns}"
            f" ON {table} FOR EACH ROW EXECUTE FUNCTION visit_later_changed()"
        )
    op.execute(FUNCTION)
    for event, referencing in TRIGGERS.items():
        op.execute(
            f"CREATE TRIGGER visit_day_counts_{event.lower()} AFTER {event} ON visit_summaries"
            f" {referencing} FOR EACH STATEMENT EXECUTE FUNCTION visit_day_counts_keep()"
        )
    op.execute(UPSERT.format(sign="", expand=EXPAND.format(rows="visit_summaries")))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for event in TRIGGERS:
            op.execute(f"DROP TRIGGER visit_day_counts_{event.lower()} ON visit_summaries")
        op.execute("DROP FUNCTION visit_day_counts_keep()")
        for table in TOUCHED:
            op.execute(f"DROP TRIGGER {table}_later ON {table}")
        op.execute("DROP FUNCTION visit_later_changed()")
        op.execute("DROP TRIGGER visit_summaries_later ON visit_summaries")
        op.execute("DROP FUNCTION visit_summaries_later()")
        op.execute("DROP FUNCTION visit_later(uuid)")
    op.drop_table("visit_day_counts")
    with op.batch_alter_table("visit_summaries", schema=None) as batch_op:
        batch_op.drop_column("later")
