"""An information page can carry a British Sign Language video: an uploaded file with its
captions (a WebVTT file) as a <track>, and a transcript under it. Nothing plays by itself."""

import pytest
from django.core.files.base import ContentFile
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents import get_document_model

from home.blocks import VideoBlock
from home.models import InformationPage
from tests.home.helpers import soup

Document = get_document_model()
TRANSCRIPT = "<p>Hello. This video tells you what VIG is.</p>"


def document(title, filename, content=b"data"):
    return Document.objects.create(title=title, file=ContentFile(content, name=filename))


@pytest.fixture
def bsl_video(db):
    return {
        "title": "What is VIG? In British Sign Language",
        "video_file": document("VIG in BSL", "vig-bsl.mp4"),
        "captions": document("VIG in BSL captions", "vig-bsl.vtt", b"WEBVTT\n"),
        "captions_language": "en",
        "language": "bsl",
        "transcript": TRANSCRIPT,
    }


def rendered(data):
    return soup(VideoBlock().render(cleaned(data)))


def cleaned(data):
    block = VideoBlock()
    return block.clean(block.to_python(block.get_prep_value(block.normalize(data))))


def test_a_bsl_video_has_its_captions_as_a_track_and_its_transcript_under_it(bsl_video):
    html = rendered(bsl_video)

    video = html.find("video")
    assert video.has_attr("controls")
    assert not video.has_attr("autoplay")
    assert video.find("source")["src"] == bsl_video["video_file"].url
    track = video.find("track")
    assert track["kind"] == "captions"
    assert track["src"] == bsl_video["captions"].url
    assert track["srclang"] == "en"
    assert track["label"] == "English"
    assert html.find("figcaption").get_text(strip=True) == bsl_video["title"]
    transcript = html.find("details")
    assert "Read the transcript" in transcript.find("summary").get_text()
    assert "This video tells you what VIG is." in transcript.get_text()
    assert "British Sign Language" in html.find("p", class_="hint").get_text()


def test_a_video_file_without_captions_is_refused(bsl_video):
    del bsl_video["captions"]
    with pytest.raises(StructBlockValidationError) as refused:
        cleaned(bsl_video)
    assert "captions" in refused.value.block_errors


def test_captions_must_be_a_webvtt_file(bsl_video):
    bsl_video["captions"] = document("Captions as a PDF", "captions.pdf")
    with pytest.raises(StructBlockValidationError) as refused:
        cleaned(bsl_video)
    assert "captions" in refused.value.block_errors


def test_a_video_needs_a_file_or_an_address_but_not_both(bsl_video):
    del bsl_video["video_file"]
    del bsl_video["captions"]
    with pytest.raises(StructBlockValidationError) as refused:
        cleaned(bsl_video)
    assert {"video", "video_file"} <= set(refused.value.block_errors)


def test_a_transcript_is_required(bsl_video):
    bsl_video["transcript"] = ""
    with pytest.raises(StructBlockValidationError) as refused:
        cleaned(bsl_video)
    assert "transcript" in refused.value.block_errors


def test_a_page_with_a_bsl_video_may_play_it_and_its_captions(client, home_page, bsl_video):
    """The public Content Security Policy lets the page load the uploaded video and captions,
    which Wagtail serves from the site itself."""
    page = InformationPage(
        title="VIG in British Sign Language",
        slug="vig-in-bsl",
        introduction="What VIG is, signed.",
        body=[("video", cleaned(bsl_video))],
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()

    response = client.get(page.url)

    assert response.status_code == 200
    html = soup(response)
    assert html.find("track", kind="captions")["src"].startswith("/")
    assert html.find("source")["src"].startswith("/")
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip()
    )
    assert "'self'" in policy.get("media-src", policy["default-src"]).split()
