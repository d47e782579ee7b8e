"""A policy's spacing between two messages the run sends one customer (default 7 days)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("collection", "0005_policy_late_start")]

    operations = [
        migrations.AddField(
            model_name="policy",
            name="min_days_between_messages",
            field=models.PositiveSmallIntegerField(
                default=7,
                help_text=(
                    "The run sends a customer no second message within this many days; "
                    "a 14-day letter or other legal letter is never held back."
                ),
                verbose_name="days between messages",
            ),
        ),
    ]
