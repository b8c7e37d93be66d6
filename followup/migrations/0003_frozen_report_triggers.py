"""On PostgreSQL the database itself refuses changes to a published follow-up report, its sections
and its activity updates, so that no path (a bug, a script, an SQL console) can make the public page
drift from the frozen PDF. The application refuses earlier with a message for the user; this is the
floor under it. SQLite has no such triggers; the tests of the application's guards run there.

A report is frozen once it is published and its PDF is stored. What the triggers allow:
- the publishing step itself: `report_publish` moves the report to published and then stores its
  snapshot, PDF and time in a second UPDATE, which is still allowed because no PDF was stored yet;
- an UPDATE that changes nothing (re-loading identical data), and `submitted_by` becoming NULL when
  that user is deleted (the workflow record keeps who it was);
- anything, inside a transaction that has run `SET LOCAL medborgarloften.unfreeze = 'on'` (resetting
  the demo data: see `followup.services.unfrozen`).
"""

from django.db import migrations

FUNCTIONS = """
CREATE OR REPLACE FUNCTION followup_unfrozen() RETURNS boolean AS $$
    SELECT coalesce(current_setting('medborgarloften.unfreeze', true), '') = 'on';
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION followup_report_is_frozen(report bigint) RETURNS boolean AS $$
    SELECT EXISTS (
        SELECT 1 FROM followup_followupreport WHERE id = report AND workflow_state = 'published' AND pdf IS NOT NULL
    );
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION followup_refuse_published_report_change() RETURNS trigger AS $$
BEGIN
    IF followup_unfrozen() THEN
        RETURN COALESCE(NEW, OLD);
    END IF;
    IF TG_OP = 'DELETE' THEN
        IF OLD.workflow_state = 'published' AND OLD.pdf IS NOT NULL THEN
            RAISE EXCEPTION 'Follow-up report % is published and cannot be deleted', OLD.id USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.workflow_state = 'published' AND OLD.pdf IS NOT NULL
       AND (to_jsonb(NEW) - 'submitted_by_id') IS DISTINCT FROM (to_jsonb(OLD) - 'submitted_by_id') THEN
        RAISE EXCEPTION 'Follow-up report % is published and cannot be changed', OLD.id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION followup_refuse_published_section_change() RETURNS trigger AS $$
BEGIN
    IF followup_unfrozen() THEN
        RETURN COALESCE(NEW, OLD);
    END IF;
    IF TG_OP = 'UPDATE' AND to_jsonb(NEW) IS NOT DISTINCT FROM to_jsonb(OLD) THEN
        RETURN NEW;
    END IF;
    IF (TG_OP <> 'INSERT' AND followup_report_is_frozen(OLD.report_id))
       OR (TG_OP <> 'DELETE' AND followup_report_is_frozen(NEW.report_id)) THEN
        RAISE EXCEPTION 'The sections of a published follow-up report cannot be changed' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN COALESCE(NEW, OLD);
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION followup_refuse_published_update_change() RETURNS trigger AS $$
BEGIN
    IF followup_unfrozen() THEN
        RETURN COALESCE(NEW, OLD);
    END IF;
    IF TG_OP = 'UPDATE' AND to_jsonb(NEW) IS NOT DISTINCT FROM to_jsonb(OLD) THEN
        RETURN NEW;
    END IF;
    IF (TG_OP <> 'INSERT' AND followup_report_is_frozen((SELECT report_id FROM followup_reportsection WHERE id = OLD.section_id)))
       OR (TG_OP <> 'DELETE' AND followup_report_is_frozen((SELECT report_id FROM followup_reportsection WHERE id = NEW.section_id))) THEN
        RAISE EXCEPTION 'The activity updates of a published follow-up report cannot be changed' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN COALESCE(NEW, OLD);
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER followup_report_frozen BEFORE UPDATE OR DELETE ON followup_followupreport
    FOR EACH ROW EXECUTE FUNCTION followup_refuse_published_report_change();
CREATE TRIGGER followup_section_frozen BEFORE INSERT OR UPDATE OR DELETE ON followup_reportsection
    FOR EACH ROW EXECUTE FUNCTION followup_refuse_published_section_change();
CREATE TRIGGER followup_update_frozen BEFORE INSERT OR UPDATE OR DELETE ON followup_activityupdate
    FOR EACH ROW EXECUTE FUNCTION followup_refuse_published_update_change();
"""

DROP = """
DROP TRIGGER IF EXISTS followup_update_frozen ON followup_activityupdate;
DROP TRIGGER IF EXISTS followup_section_frozen ON followup_reportsection;
DROP TRIGGER IF EXISTS followup_report_frozen ON followup_followupreport;
DROP FUNCTION IF EXISTS followup_refuse_published_update_change();
DROP FUNCTION IF EXISTS followup_refuse_published_section_change();
DROP FUNCTION IF EXISTS followup_refuse_published_report_change();
DROP FUNCTION IF EXISTS followup_report_is_frozen(bigint);
DROP FUNCTION IF EXISTS followup_unfrozen();
"""


def _on_postgresql(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            # Without parameters: the functions' own % signs are not placeholders.
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(sql)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("followup", "0002_report_original_publication"),
    ]

    operations = [
        migrations.RunPython(_on_postgresql(FUNCTIONS), _on_postgresql(DROP), elidable=False),
    ]
