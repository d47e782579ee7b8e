from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("collection", "0004_queued_tasks_follow_their_move"),
    ]

    operations = [
        migrations.AddField(
            model_name="policy",
            name="late_start",
            field=models.CharField(
                choices=[
                    ("first_reminder", "with a reminder"),
                    ("age", "at the step its age reaches"),
                ],
                default="first_reminder",
                help_text=(
                    "The steps whose moment passed before innen knew the invoice are skipped;"
                    " it starts at one step. A consumer never starts past the 14-day letter."
                ),
                max_length=20,
                verbose_name="an invoice that arrives overdue starts",
            ),
        ),
    ]
