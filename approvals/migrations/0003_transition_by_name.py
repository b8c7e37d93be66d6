from django.db import migrations, models


def fill_names(apps, schema_editor):
    """Steps recorded before this migration take their actor's current name."""
    Transition = apps.get_model("approvals", "Transition")
    for step in Transition.objects.filter(by__isnull=False).select_related("by").iterator():
        full_name = f"{step.by.first_name} {step.by.last_name}".strip()
        step.by_name = full_name or step.by.username
        step.save(update_fields=["by_name"])


class Migration(migrations.Migration):

    dependencies = [
        ("approvals", "0002_historicaluser"),
    ]

    operations = [
        migrations.AddField(
            model_name="transition",
            name="by_name",
            field=models.CharField(blank=True, editable=False, max_length=300, verbose_name="by (name)"),
        ),
        migrations.RunPython(fill_names, migrations.RunPython.noop),
    ]
