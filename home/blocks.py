"""StreamField blocks for the public pages; templates in components/streamfield/blocks/."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock

from .languages import localized

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
BLOCK_TEMPLATES = "components/streamfield/blocks"


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120, help_text="Short and plain, e.g. 'Who is it for?'")
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading"), ("h3", "Sub-heading")],
        default="h2",
        help_text="Use section headings for the main parts of the page.",
    )

    class Meta:
        description = "A heading that starts a new part of the page."
        preview_value = {"text": "Who is VIG for?", "level": "h2"}
        icon = "title"
        template = f"{BLOCK_TEMPLATES}/heading_block.html"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200, help_text="The question as a parent would ask it.")
    answer = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        description = "One question and its answer."
        icon = "help"


class QuestionsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        required=False, max_length=120, help_text="Optional, e.g. 'Common questions'."
    )
    questions = blocks.ListBlock(QuestionBlock(), min_num=1)

    class Meta:
        description = "Questions parents ask, each opening to show its answer."
        preview_value = {
            "heading": "Common questions",
            "questions": [
                {"question": "Does it cost anything?", "answer": "<p>No, VIG is free.</p>"},
                {"question": "Where does it happen?", "answer": "<p>Usually at home.</p>"},
            ],
        }
        icon = "help"
        label = "Questions and answers"
        template = f"{BLOCK_TEMPLATES}/questions_block.html"


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, help_text="e.g. 'Ask for VIG support'.")
    text = blocks.TextBlock(required=False, help_text="One or two sentences. Optional.")
    link_text = blocks.CharBlock(
        max_length=60, help_text="The words on the button, e.g. 'Ask for support'."
    )
    page = blocks.PageChooserBlock(required=False, help_text="Link to a page on this site…")
    url = blocks.URLBlock(required=False, help_text="…or to another website. Fill in only one.")
    start = blocks.BooleanBlock(
        required=False,
        default=False,
        label="Start button",
        help_text="Show the link as the page's green start button. One a page; the home page "
        "has its own under 'At a glance'. Otherwise it is a grey button.",
    )

    class Meta:
        description = "A box with a button that takes people to one next step."
        preview_value = {
            "heading": "Ask for VIG support",
            "text": "It takes a few minutes.",
            "link_text": "Ask for support",
            "url": "https://example.org/refer/",
            "start": True,
        }
        icon = "pick"
        label = "Call to action"
        template = f"{BLOCK_TEMPLATES}/call_to_action_block.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = "Choose a page on this site or enter a web address, but not both."
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(message), "url": ValidationError(message)}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        # The page in the visitor's language (a page not yet translated links the English one).
        page = localized(value.get("page"))
        context["href"] = page.url if page is not None else value.get("url")
        return context


class ContactDetailsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        default="Contact us",
        max_length=120,
        help_text="The phone, email, hours and address come from the site settings.",
    )
    text = blocks.TextBlock(required=False, help_text="Optional words before the details.")

    class Meta:
        description = "The team's phone, email, opening hours and address, from the settings."
        preview_value = {"heading": "Contact us", "text": "Talk to us before you decide."}
        icon = "mail"
        label = "Contact details"
        template = f"{BLOCK_TEMPLATES}/contact_details_block.html"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120, help_text="e.g. 'We phone you'.")
    description = blocks.TextBlock(required=False)

    class Meta:
        description = "One step: what happens, in a few words."
        icon = "list-ol"


class StepsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="What happens next", max_length=120)
    steps = blocks.ListBlock(StepBlock(), min_num=1)

    class Meta:
        description = "A numbered list of what happens next, step by step."
        preview_value = {
            "heading": "What happens next",
            "steps": [
                {"title": "We phone you", "description": "Within 5 working days."},
                {"title": "We meet", "description": "Usually at your home."},
            ],
        }
        icon = "list-ol"
        label = "What happens next (steps)"
        template = f"{BLOCK_TEMPLATES}/steps_block.html"


class TimelineStepBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        max_length=120, help_text="What happens, in a few words, e.g. 'Filming'."
    )
    text = blocks.TextBlock(
        required=False, help_text="One or two plain sentences about this step. Optional."
    )

    class Meta:
        description = "One step of what happens after someone asks for support."
        icon = "list-ol"
        label = "Step"


class FirstContactStepBlock(TimelineStepBlock):
    class Meta:
        description = (
            "The step where we get in touch. How many working days we take is added after "
            "it, from 'Team and contact details', so it is always the current promise."
        )
        icon = "phone"
        label = "We get in touch (adds the working days)"


class TimelineStepsBlock(blocks.StreamBlock):
    """The site-wide steps of "What happens next", kept once in the site settings."""

    first_contact = FirstContactStepBlock()
    step = TimelineStepBlock()

    class Meta:
        block_counts = {"first_contact": {"max_num": 1}}


class WhatHappensNextBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        default="What happens next",
        max_length=120,
        help_text="The steps themselves are the same everywhere: edit them once, under "
        "'Team and contact details' in Settings.",
    )

    class Meta:
        description = (
            "What happens after someone asks for support, step by step, and how long most "
            "families wait: the same steps as the confirmation page and email, from the "
            "site settings."
        )
        preview_value = {"heading": "What happens next"}
        icon = "list-ol"
        label = "What happens next (from the settings)"
        template = f"{BLOCK_TEMPLATES}/what_happens_next_block.html"


VIDEO_FILE_EXTENSIONS = ("mp4", "webm")
CAPTION_LANGUAGES = [("en", "English"), ("pl", "Polish"), ("ar", "Arabic")]


class VideoBlock(blocks.StructBlock):
    """A video with its transcript: from YouTube or Vimeo, or a file uploaded to Documents with
    its captions (a WebVTT file), as a British Sign Language video needs."""

    title = blocks.CharBlock(max_length=120, help_text="Says what the video shows.")
    video = EmbedBlock(
        required=False,
        help_text="A YouTube or Vimeo address (their player shows its own captions)…",
    )
    video_file = DocumentChooserBlock(
        required=False,
        label="Video file",
        help_text="…or a video uploaded to Documents (MP4 or WebM). Fill in only one.",
    )
    captions = DocumentChooserBlock(
        required=False,
        help_text="For a video file: its captions, a WebVTT (.vtt) file uploaded to Documents. "
        "Required with a video file.",
    )
    captions_language = blocks.ChoiceBlock(
        choices=CAPTION_LANGUAGES,
        default="en",
        label="Language of the captions",
    )
    language = blocks.ChoiceBlock(
        choices=[("bsl", "British Sign Language")],
        required=False,
        label="Language of the video",
        help_text="Choose British Sign Language for a signed video, so people are told "
        "before they play it. Leave empty for a spoken video.",
    )
    transcript = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        help_text="Everything said, signed and shown in the video, for people who cannot watch it.",
    )

    class Meta:
        description = (
            "A video with its transcript: from YouTube or Vimeo, or an uploaded video file "
            "with captions (for a British Sign Language video)."
        )
        icon = "media"
        label = "Video"
        template = f"{BLOCK_TEMPLATES}/video_block.html"

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if bool(value.get("video")) == bool(value.get("video_file")):
            message = "Give a YouTube or Vimeo address or choose a video file, but not both."
            errors["video"] = errors["video_file"] = ValidationError(message)
        video_file, captions = value.get("video_file"), value.get("captions")
        if video_file and video_file.file_extension.lower() not in VIDEO_FILE_EXTENSIONS:
            errors["video_file"] = ValidationError("Choose an MP4 or WebM video file.")
        if video_file and not captions:
            errors["captions"] = ValidationError(
                "Choose the video's captions: a WebVTT (.vtt) file."
            )
        if captions and captions.file_extension.lower() != "vtt":
            errors["captions"] = ValidationError("Captions must be a WebVTT (.vtt) file.")
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    rich_text = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template=f"{BLOCK_TEMPLATES}/rich_text_block.html",
        label="Text",
        description="Paragraphs, lists and links.",
        preview_value="<p>VIG helps you notice the good moments with your child.</p>",
    )
    questions = QuestionsBlock()
    call_to_action = CallToActionBlock()
    contact_details = ContactDetailsBlock()
    steps = StepsBlock()
    what_happens_next = WhatHappensNextBlock()
    video = VideoBlock()
