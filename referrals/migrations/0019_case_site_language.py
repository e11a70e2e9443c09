"""The language a family used on the site, on each referral and enquiry: cases sent before
there was more than one language were all sent in English.

Adding fields rebuilds referrals_referral and referrals_enquiry on SQLite, so the reference
triggers are dropped first and installed again after (_reference_triggers.py).
"""

from django.db import migrations, models

from referrals.migrations._reference_triggers import install, remove

LANGUAGES = [('en-gb', 'English'), ('pl', 'Polish'), ('ar', 'Arabic')]


def site_language():
    return models.CharField(
        choices=LANGUAGES,
        default='en-gb',
        editable=False,
        help_text='The language of the site when it was sent: our messages to them use it.',
        max_length=10,
        verbose_name='language the family used',
    )


class Migration(migrations.Migration):

    dependencies = [
        ('referrals', '0018_texts_and_reminders'),
    ]

    operations = [
        migrations.RunPython(remove, install, elidable=False),
        migrations.AddField(
            model_name='enquiry',
            name='site_language',
            field=site_language(),
        ),
        migrations.AddField(
            model_name='referral',
            name='site_language',
            field=site_language(),
        ),
        migrations.RunPython(install, remove, elidable=False),
    ]
