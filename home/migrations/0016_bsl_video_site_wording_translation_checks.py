"""contactSCOTLAND-BSL on the settings; the video block's uploaded file, captions and language;
the settings' public wording in each language (SiteWording, its English row copied from the
settings); and the translator's sign-off per language (LanguageReview), which Content editors
may record (Managers are given it by referrals' own migration: home knows nothing of referrals).

The permissions are granted with this migration's own copy of what it needs (migrations never
import live code). Idempotent.
"""

import django.db.models.deletion
import uuid
import wagtail.fields
from django.conf import settings
from django.db import migrations, models
from wagtail.coreutils import get_supported_content_language_variant

WORDING_FIELDS = (
    "service_name",
    "council_name",
    "team_name",
    "opening_hours",
    "address",
    "national_body_name",
    "what_happens_next",
)
GRANTS = {
    "Content editors": {
        "languagereview": ("add", "change", "view"),
        "sitewording": ("add", "change", "view"),
    },
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for group_name, models_actions in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for model, actions in models_actions.items():
            content_type, _ = ContentType.objects.get_or_create(app_label="home", model=model)
            for action in actions:
                permission, _ = Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=f"{action}_{model}",
                    defaults={"name": f"Can {action} {model}"},
                )
                group.permissions.add(permission)


def copy_english_wording(apps, schema_editor):
    SiteSettings = apps.get_model("home", "SiteSettings")
    SiteWording = apps.get_model("home", "SiteWording")
    Locale = apps.get_model("wagtailcore", "Locale")
    team = SiteSettings.objects.first()
    locale = Locale.objects.filter(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    ).first()
    if team is None or locale is None or SiteWording.objects.filter(locale=locale).exists():
        return
    SiteWording.objects.create(
        locale=locale, **{name: getattr(team, name) for name in WORDING_FIELDS}
    )


class Migration(migrations.Migration):

    dependencies = [
        ('home', '0015_public_wait'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name='sitesettings',
            name='contact_scotland_bsl',
            field=models.BooleanField(default=False, help_text='Show contactSCOTLAND-BSL beside the phone number: the free national video relay service through which British Sign Language users call any number with a BSL interpreter on screen. Turn it on in Scotland, where the service runs.', verbose_name='Show contactSCOTLAND-BSL'),
        ),
        migrations.AlterField(
            model_name='homepage',
            name='body',
            field=wagtail.fields.StreamField([('heading', 2), ('rich_text', 3), ('questions', 9), ('call_to_action', 16), ('contact_details', 19), ('steps', 25), ('what_happens_next', 27), ('video', 35)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'help_text': "Short and plain, e.g. 'Who is it for?'", 'max_length': 120}), 1: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('h2', 'Section heading'), ('h3', 'Sub-heading')], 'help_text': 'Use section headings for the main parts of the page.'}), 2: ('wagtail.blocks.StructBlock', [[('text', 0), ('level', 1)]], {}), 3: ('wagtail.blocks.RichTextBlock', (), {'description': 'Paragraphs, lists and links.', 'features': ['h2', 'h3', 'bold', 'italic', 'ol', 'ul', 'link', 'document-link'], 'icon': 'pilcrow', 'label': 'Text', 'preview_value': '<p>VIG helps you notice the good moments with your child.</p>', 'template': 'components/streamfield/blocks/rich_text_block.html'}), 4: ('wagtail.blocks.CharBlock', (), {'help_text': "Optional, e.g. 'Common questions'.", 'max_length': 120, 'required': False}), 5: ('wagtail.blocks.CharBlock', (), {'help_text': 'The question as a parent would ask it.', 'max_length': 200}), 6: ('wagtail.blocks.RichTextBlock', (), {'features': ['h2', 'h3', 'bold', 'italic', 'ol', 'ul', 'link', 'document-link']}), 7: ('wagtail.blocks.StructBlock', [[('question', 5), ('answer', 6)]], {}), 8: ('wagtail.blocks.ListBlock', (7,), {'min_num': 1}), 9: ('wagtail.blocks.StructBlock', [[('heading', 4), ('questions', 8)]], {}), 10: ('wagtail.blocks.CharBlock', (), {'help_text': "e.g. 'Ask for VIG support'.", 'max_length': 120}), 11: ('wagtail.blocks.TextBlock', (), {'help_text': 'One or two sentences. Optional.', 'required': False}), 12: ('wagtail.blocks.CharBlock', (), {'help_text': "The words on the button, e.g. 'Ask for support'.", 'max_length': 60}), 13: ('wagtail.blocks.PageChooserBlock', (), {'help_text': 'Link to a page on this site…', 'required': False}), 14: ('wagtail.blocks.URLBlock', (), {'help_text': '…or to another website. Fill in only one.', 'required': False}), 15: ('wagtail.blocks.BooleanBlock', (), {'default': False, 'help_text': "Show the link as the page's green start button. One a page; the home page has its own under 'At a glance'. Otherwise it is a grey button.", 'label': 'Start button', 'required': False}), 16: ('wagtail.blocks.StructBlock', [[('heading', 10), ('text', 11), ('link_text', 12), ('page', 13), ('url', 14), ('start', 15)]], {}), 17: ('wagtail.blocks.CharBlock', (), {'default': 'Contact us', 'help_text': 'The phone, email, hours and address come from the site settings.', 'max_length': 120}), 18: ('wagtail.blocks.TextBlock', (), {'help_text': 'Optional words before the details.', 'required': False}), 19: ('wagtail.blocks.StructBlock', [[('heading', 17), ('text', 18)]], {}), 20: ('wagtail.blocks.CharBlock', (), {'default': 'What happens next', 'max_length': 120}), 21: ('wagtail.blocks.CharBlock', (), {'help_text': "e.g. 'We phone you'.", 'max_length': 120}), 22: ('wagtail.blocks.TextBlock', (), {'required': False}), 23: ('wagtail.blocks.StructBlock', [[('title', 21), ('description', 22)]], {}), 24: ('wagtail.blocks.ListBlock', (23,), {'min_num': 1}), 25: ('wagtail.blocks.StructBlock', [[('heading', 20), ('steps', 24)]], {}), 26: ('wagtail.blocks.CharBlock', (), {'default': 'What happens next', 'help_text': "The steps themselves are the same everywhere: edit them once, under 'Team and contact details' in Settings.", 'max_length': 120}), 27: ('wagtail.blocks.StructBlock', [[('heading', 26)]], {}), 28: ('wagtail.blocks.CharBlock', (), {'help_text': 'Says what the video shows.', 'max_length': 120}), 29: ('wagtail.embeds.blocks.EmbedBlock', (), {'help_text': 'A YouTube or Vimeo address (their player shows its own captions)…', 'required': False}), 30: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'help_text': '…or a video uploaded to Documents (MP4 or WebM). Fill in only one.', 'label': 'Video file', 'required': False}), 31: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'help_text': 'For a video file: its captions, a WebVTT (.vtt) file uploaded to Documents. Required with a video file.', 'required': False}), 32: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('en', 'English'), ('pl', 'Polish'), ('ar', 'Arabic')], 'label': 'Language of the captions'}), 33: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('bsl', 'British Sign Language')], 'help_text': 'Choose British Sign Language for a signed video, so people are told before they play it. Leave empty for a spoken video.', 'label': 'Language of the video', 'required': False}), 34: ('wagtail.blocks.RichTextBlock', (), {'features': ['h2', 'h3', 'bold', 'italic', 'ol', 'ul', 'link', 'document-link'], 'help_text': 'Everything said, signed and shown in the video, for people who cannot watch it.'}), 35: ('wagtail.blocks.StructBlock', [[('title', 28), ('video', 29), ('video_file', 30), ('captions', 31), ('captions_language', 32), ('language', 33), ('transcript', 34)]], {})}, help_text="The page's content, built from blocks."),
        ),
        migrations.AlterField(
            model_name='informationpage',
            name='body',
            field=wagtail.fields.StreamField([('heading', 2), ('rich_text', 3), ('questions', 9), ('call_to_action', 16), ('contact_details', 19), ('steps', 25), ('what_happens_next', 27), ('video', 35)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'help_text': "Short and plain, e.g. 'Who is it for?'", 'max_length': 120}), 1: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('h2', 'Section heading'), ('h3', 'Sub-heading')], 'help_text': 'Use section headings for the main parts of the page.'}), 2: ('wagtail.blocks.StructBlock', [[('text', 0), ('level', 1)]], {}), 3: ('wagtail.blocks.RichTextBlock', (), {'description': 'Paragraphs, lists and links.', 'features': ['h2', 'h3', 'bold', 'italic', 'ol', 'ul', 'link', 'document-link'], 'icon': 'pilcrow', 'label': 'Text', 'preview_value': '<p>VIG helps you notice the good moments with your child.</p>', 'template': 'components/streamfield/blocks/rich_text_block.html'}), 4: ('wagtail.blocks.CharBlock', (), {'help_text': "Optional, e.g. 'Common questions'.", 'max_length': 120, 'required': False}), 5: ('wagtail.blocks.CharBlock', (), {'help_text': 'The question as a parent would ask it.', 'max_length': 200}), 6: ('wagtail.blocks.RichTextBlock', (), {'features': ['h2', 'h3', 'bold', 'italic', 'ol', 'ul', 'link', 'document-link']}), 7: ('wagtail.blocks.StructBlock', [[('question', 5), ('answer', 6)]], {}), 8: ('wagtail.blocks.ListBlock', (7,), {'min_num': 1}), 9: ('wagtail.blocks.StructBlock', [[('heading', 4), ('questions', 8)]], {}), 10: ('wagtail.blocks.CharBlock', (), {'help_text': "e.g. 'Ask for VIG support'.", 'max_length': 120}), 11: ('wagtail.blocks.TextBlock', (), {'help_text': 'One or two sentences. Optional.', 'required': False}), 12: ('wagtail.blocks.CharBlock', (), {'help_text': "The words on the button, e.g. 'Ask for support'.", 'max_length': 60}), 13: ('wagtail.blocks.PageChooserBlock', (), {'help_text': 'Link to a page on this site…', 'required': False}), 14: ('wagtail.blocks.URLBlock', (), {'help_text': '…or to another website. Fill in only one.', 'required': False}), 15: ('wagtail.blocks.BooleanBlock', (), {'default': False, 'help_text': "Show the link as the page's green start button. One a page; the home page has its own under 'At a glance'. Otherwise it is a grey button.", 'label': 'Start button', 'required': False}), 16: ('wagtail.blocks.StructBlock', [[('heading', 10), ('text', 11), ('link_text', 12), ('page', 13), ('url', 14), ('start', 15)]], {}), 17: ('wagtail.blocks.CharBlock', (), {'default': 'Contact us', 'help_text': 'The phone, email, hours and address come from the site settings.', 'max_length': 120}), 18: ('wagtail.blocks.TextBlock', (), {'help_text': 'Optional words before the details.', 'required': False}), 19: ('wagtail.blocks.StructBlock', [[('heading', 17), ('text', 18)]], {}), 20: ('wagtail.blocks.CharBlock', (), {'default': 'What happens next', 'max_length': 120}), 21: ('wagtail.blocks.CharBlock', (), {'help_text': "e.g. 'We phone you'.", 'max_length': 120}), 22: ('wagtail.blocks.TextBlock', (), {'required': False}), 23: ('wagtail.blocks.StructBlock', [[('title', 21), ('description', 22)]], {}), 24: ('wagtail.blocks.ListBlock', (23,), {'min_num': 1}), 25: ('wagtail.blocks.StructBlock', [[('heading', 20), ('steps', 24)]], {}), 26: ('wagtail.blocks.CharBlock', (), {'default': 'What happens next', 'help_text': "The steps themselves are the same everywhere: edit them once, under 'Team and contact details' in Settings.", 'max_length': 120}), 27: ('wagtail.blocks.StructBlock', [[('heading', 26)]], {}), 28: ('wagtail.blocks.CharBlock', (), {'help_text': 'Says what the video shows.', 'max_length': 120}), 29: ('wagtail.embeds.blocks.EmbedBlock', (), {'help_text': 'A YouTube or Vimeo address (their player shows its own captions)…', 'required': False}), 30: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'help_text': '…or a video uploaded to Documents (MP4 or WebM). Fill in only one.', 'label': 'Video file', 'required': False}), 31: ('wagtail.documents.blocks.DocumentChooserBlock', (), {'help_text': 'For a video file: its captions, a WebVTT (.vtt) file uploaded to Documents. Required with a video file.', 'required': False}), 32: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('en', 'English'), ('pl', 'Polish'), ('ar', 'Arabic')], 'label': 'Language of the captions'}), 33: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('bsl', 'British Sign Language')], 'help_text': 'Choose British Sign Language for a signed video, so people are told before they play it. Leave empty for a spoken video.', 'label': 'Language of the video', 'required': False}), 34: ('wagtail.blocks.RichTextBlock', (), {'features': ['h2', 'h3', 'bold', 'italic', 'ol', 'ul', 'link', 'document-link'], 'help_text': 'Everything said, signed and shown in the video, for people who cannot watch it.'}), 35: ('wagtail.blocks.StructBlock', [[('title', 28), ('video', 29), ('video_file', 30), ('captions', 31), ('captions_language', 32), ('language', 33), ('transcript', 34)]], {})}, help_text="The page's content, built from blocks."),
        ),
        migrations.CreateModel(
            name='LanguageReview',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('checked_by_professional', models.BooleanField(default=False, help_text="Tick only when a professional translator has read the whole translation: the pages, the forms' questions and messages, the emails and the site wording.", verbose_name='Checked by a professional translator')),
                ('checked_on', models.DateField(blank=True, help_text='The day the translator finished. Left empty, today is recorded.', null=True, verbose_name='Checked on')),
                ('notes', models.TextField(blank=True, help_text='Who checked it (the translator or agency) and anything left to do. Never shown to the public.')),
                ('checked_by', models.ForeignKey(blank=True, help_text='Who ticked the box (recorded automatically).', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='Recorded by')),
                ('locale', models.OneToOneField(help_text='The language whose translation this is about.', on_delete=django.db.models.deletion.CASCADE, related_name='language_review', to='wagtailcore.locale', verbose_name='Language')),
            ],
            options={
                'verbose_name': 'translation check',
                'verbose_name_plural': 'translation checks',
            },
        ),
        migrations.CreateModel(
            name='SiteWording',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('translation_key', models.UUIDField(default=uuid.uuid4, editable=False)),
                ('service_name', models.CharField(blank=True, help_text='Leave empty to show the English words from the site settings.', max_length=60)),
                ('council_name', models.CharField(blank=True, help_text='Leave empty to show the English words from the site settings.', max_length=120)),
                ('team_name', models.CharField(blank=True, help_text='Leave empty to show the English words from the site settings.', max_length=120)),
                ('opening_hours', models.CharField(blank=True, help_text='When the phone is answered. Leave empty to show the English words from the site settings.', max_length=200)),
                ('address', models.TextField(blank=True, help_text='The postal address, one part per line, as it should be written on an envelope (usually unchanged). Leave empty to show the English words from the site settings.')),
                ('national_body_name', models.CharField(blank=True, help_text='Leave empty to show the English words from the site settings.', max_length=120)),
                ('what_happens_next', wagtail.fields.StreamField([('first_contact', 2), ('step', 2)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'help_text': "What happens, in a few words, e.g. 'Filming'.", 'max_length': 120}), 1: ('wagtail.blocks.TextBlock', (), {'help_text': 'One or two plain sentences about this step. Optional.', 'required': False}), 2: ('wagtail.blocks.StructBlock', [[('heading', 0), ('text', 1)]], {})}, help_text='The steps after someone asks for support. Leave empty to show the English words from the site settings.', verbose_name='What happens next')),
                ('locale', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale', verbose_name='locale')),
            ],
            options={
                'verbose_name': 'site wording',
                'verbose_name_plural': 'site wording',
                'abstract': False,
                'constraints': [models.UniqueConstraint(fields=('locale',), name='one_site_wording_per_language')],
                'unique_together': {('translation_key', 'locale')},
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
        migrations.RunPython(copy_english_wording, migrations.RunPython.noop),
    ]
