"""Uploaded videos must come with captions (a WebVTT document): the editor
refuses the block with a clear German message, and the page renders the
captions as a <track kind="captions" srclang="de">."""

from django.core.files.base import ContentFile

import pytest
from wagtail.blocks.struct_block import StructBlockValidationError

from cms.blocks import BodyBlock, VideoBlock
from tests import factories

pytestmark = pytest.mark.django_db

VTT = b"WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nWillkommen im Intranet.\n"


@pytest.fixture
def video():
    return factories.DocumentFactory(
        title="Einführungsvideo", file=ContentFile(b"\x00\x00\x00\x18ftypmp42", name="intro.mp4")
    )


@pytest.fixture
def captions():
    return factories.DocumentFactory(title="Untertitel", file=ContentFile(VTT, name="intro.vtt"))


def clean(**fields):
    block = VideoBlock()
    value = block.to_python(
        {"title": "Einführung", "file": None, "captions": None, "embed": "", "transcript": ""}
    )
    for name, item in fields.items():
        value[name] = item
    return block.clean(value)


def captions_error(excinfo):
    return " ".join(excinfo.value.block_errors["captions"].messages)


def test_uploaded_video_without_captions_is_refused(video):
    with pytest.raises(StructBlockValidationError) as excinfo:
        clean(file=video)
    assert "Hochgeladene Videos brauchen Untertitel" in captions_error(excinfo)
    assert "WebVTT" in captions_error(excinfo)


def test_captions_must_be_a_webvtt_file(video):
    pdf = factories.DocumentFactory(title="Handbuch")
    with pytest.raises(StructBlockValidationError) as excinfo:
        clean(file=video, captions=pdf)
    assert "„Handbuch“ ist keine WebVTT-Datei" in captions_error(excinfo)


def test_a_vtt_name_without_webvtt_content_is_refused(video):
    fake = factories.DocumentFactory(
        title="Falsch", file=ContentFile(b"1\n00:00:00,000 --> 00:00:02,000\nSRT", name="x.vtt")
    )
    with pytest.raises(StructBlockValidationError) as excinfo:
        clean(file=video, captions=fake)
    assert "keine WebVTT-Datei" in captions_error(excinfo)


def test_uploaded_video_with_webvtt_captions_is_accepted(video, captions):
    value = clean(file=video, captions=captions)
    assert value["captions"] == captions
    bom = factories.DocumentFactory(file=ContentFile(b"\xef\xbb\xbf" + VTT, name="bom.vtt"))
    assert clean(file=video, captions=bom)["captions"] == bom


def test_neither_file_nor_embed_is_still_refused():
    with pytest.raises(StructBlockValidationError) as excinfo:
        clean()
    assert "Videodatei" in " ".join(excinfo.value.block_errors["file"].messages)


def test_page_renders_the_captions_track(user_client, home_page, video, captions):
    page = factories.ContentPageFactory(
        parent=home_page,
        body=BodyBlock().to_python(
            [
                {
                    "type": "video",
                    "value": {
                        "title": "Einführung",
                        "file": video.pk,
                        "captions": captions.pk,
                        "embed": "",
                        "transcript": "Willkommen im Intranet.",
                    },
                }
            ]
        ),
    )
    html = user_client.get(page.url).content.decode()
    assert "<video controls" in html
    assert (
        f'<track kind="captions" src="{captions.url}" srclang="de" label="Deutsch" default>' in html
    )
    response = user_client.get(captions.url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/vtt")
    assert (
        b"".join(response.streaming_content if response.streaming else [response.content])[:6]
        == b"WEBVTT"
    )


def test_editor_sees_the_message_when_saving_a_page(client, superuser, home_page, video):
    """Through the admin's page editor: the page is not saved, the German message shows."""
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    page = factories.ContentPageFactory(parent=home_page, title="Videoseite")
    client.force_login(superuser)
    data = nested_form_data(
        {
            "title": "Videoseite",
            "slug": page.slug,
            "summary": "",
            "body": streamfield(
                [
                    (
                        "video",
                        {
                            "title": "Einführung",
                            "file": video.pk,
                            "captions": "",
                            "embed": "",
                            "transcript": "",
                        },
                    )
                ]
            ),
        }
    )
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 200
    assert "Hochgeladene Videos brauchen Untertitel" in response.content.decode()
    page.refresh_from_db()
    assert not page.body
