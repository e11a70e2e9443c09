"""Texts beside emails in the outbox, reminders of a cycle's sessions (their times and place),
and whether a text or voicemail may name the team.

Adding fields rebuilds referrals_referral and referrals_enquiry on SQLite, so the reference
triggers are dropped first and installed again after (_reference_triggers.py).
"""

import django.db.models.deletion
from django.db import migrations, models

from referrals.migrations._reference_triggers import install, remove


class Migration(migrations.Migration):

    dependencies = [
        ('referrals', '0017_passkeys'),
    ]

    operations = [
        migrations.RunPython(remove, install, elidable=False),
        migrations.AlterModelOptions(
            name='outboundemail',
            options={'ordering': ['-created_at', '-id'], 'verbose_name': 'message', 'verbose_name_plural': 'outbox'},
        ),
        migrations.AddField(
            model_name='cycle',
            name='filming_time',
            field=models.TimeField(blank=True, help_text='When the filming session starts (24-hour clock).', null=True),
        ),
        migrations.AddField(
            model_name='cycle',
            name='place',
            field=models.CharField(blank=True, help_text="Where the sessions are, as the family would recognise it (for example 'Rowan Family Centre, room 2'). Leave empty for the family's home.", max_length=150),
        ),
        migrations.AddField(
            model_name='cycle',
            name='review_time',
            field=models.TimeField(blank=True, help_text='When the shared review session starts (24-hour clock).', null=True),
        ),
        migrations.AddField(
            model_name='enquiry',
            name='may_name_team',
            field=models.BooleanField(default=False, help_text='Off: texts and voicemails never name the team or the council.', verbose_name='can we say who we are in a text or voicemail'),
        ),
        migrations.AddField(
            model_name='outboundemail',
            name='channel',
            field=models.CharField(choices=[('email', 'Email'), ('text', 'Text message')], default='email', max_length=5),
        ),
        migrations.AddField(
            model_name='outboundemail',
            name='cycle',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reminders', to='referrals.cycle'),
        ),
        migrations.AddField(
            model_name='outboundemail',
            name='delivery',
            field=models.CharField(blank=True, choices=[('delivered', 'Delivered'), ('permanent-failure', 'Not delivered: the number is not in use'), ('temporary-failure', 'Not delivered: the phone was off or out of reach'), ('technical-failure', 'Not delivered: a fault at the provider')], max_length=20),
        ),
        migrations.AddField(
            model_name='outboundemail',
            name='delivery_updated_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='outboundemail',
            name='send_after',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='outboundemail',
            name='session',
            field=models.CharField(blank=True, choices=[('filming', 'Filming'), ('review', 'Shared review')], max_length=10),
        ),
        migrations.AddField(
            model_name='outboundemail',
            name='to_phone',
            field=models.CharField(blank=True, help_text="A text's UK mobile number (+44…), until it is sent.", max_length=20),
        ),
        migrations.AddField(
            model_name='referral',
            name='may_name_team',
            field=models.BooleanField(default=False, help_text='Off: texts and voicemails never name the team or the council.', verbose_name='can we say who we are in a text or voicemail'),
        ),
        migrations.AlterField(
            model_name='caseevent',
            name='action',
            field=models.CharField(choices=[('submitted', 'Received'), ('status_changed', 'Status changed'), ('assigned', 'Assigned'), ('guider_allocated', 'VIG Guider allocated'), ('note_added', 'Note added'), ('anonymised', 'Personal details removed (retention policy)'), ('erased', "Personal details erased at the person's request"), ('casework', 'Casework'), ('priority_set', 'Given priority on the waiting list'), ('priority_removed', 'Priority on the waiting list removed'), ('beyond_capacity', "Allocated beyond the VIG Guider's capacity"), ('safe_contact_changed', 'Safe contact changed')], max_length=20),
        ),
        migrations.AlterField(
            model_name='outboundemail',
            name='kind',
            field=models.CharField(choices=[('team_new_referral', 'Team: new referral'), ('team_new_enquiry', 'Team: new enquiry'), ('referrer_confirmation', 'Referrer: confirmation'), ('enquiry_confirmation', 'Enquirer: confirmation'), ('officer_assigned', 'Officer: case assigned'), ('session_reminder', 'Family: session reminder')], max_length=30),
        ),
        migrations.AlterField(
            model_name='outboundemail',
            name='state',
            field=models.CharField(choices=[('queued', 'Queued'), ('sending', 'Sending'), ('sent', 'Sent'), ('failed', 'Failed (will retry)'), ('retrying', 'Retrying'), ('gave_up', 'Failed (gave up)'), ('cancelled', 'Cancelled (not sent)')], default='queued', max_length=10),
        ),
        migrations.RunPython(install, remove, elidable=False),
    ]
