"""The PDF's SHA-256, stored when a report is published, filled in here for the reports published
before. Published reports are frozen by the triggers of 0003; this migration lifts the freeze for its
own transaction only, the way `followup.services.unfrozen` does, and writes nothing but the checksum
of the bytes already stored."""

import hashlib

from django.db import migrations, models


def fill_checksums(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL medborgarloften.unfreeze = 'on'")
            # In the database: the bytes never travel to Python.
            cursor.execute(
                "UPDATE followup_followupreport SET pdf_sha256 = encode(sha256(pdf), 'hex') "
                "WHERE pdf IS NOT NULL AND pdf_sha256 = ''"
            )
            cursor.execute("SET LOCAL medborgarloften.unfreeze = 'off'")
        return
    FollowUpReport = apps.get_model("followup", "FollowUpReport")
    with_pdf = FollowUpReport.objects.filter(pdf__isnull=False, pdf_sha256="").values_list("pk", "pdf")
    for pk, pdf in with_pdf.iterator(chunk_size=100):
        FollowUpReport.objects.filter(pk=pk).update(pdf_sha256=hashlib.sha256(bytes(pdf)).hexdigest())


class Migration(migrations.Migration):

    dependencies = [
        ("followup", "0003_frozen_report_triggers"),
    ]

    operations = [
        migrations.AddField(
            model_name="followupreport",
            name="pdf_sha256",
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name="SHA-256 of the PDF"),
        ),
        migrations.RunPython(fill_checksums, migrations.RunPython.noop, elidable=False),
    ]
