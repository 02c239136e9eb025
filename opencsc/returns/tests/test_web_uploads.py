"""An upload too large to check is refused before it is received, with a clear message."""

import io

import pytest
from django.core.files.uploadhandler import StopUpload
from django.test import Client, override_settings
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from opencsc.returns.models import ReturnKind, ReturnRun
from opencsc.returns.uploads import UploadLimit

from .web import planted_903_files

pytestmark = pytest.mark.django_db
MB = 1024 * 1024
TWO_GB = 2 * 1024 * MB
TOO_LARGE = "The files must be smaller than 1 MB in all"


class Watched(io.BytesIO):
    """A request body that remembers how much of it was read."""

    def read(self, *args):
        data = super().read(*args)
        self.bytes_read = getattr(self, "bytes_read", 0) + len(data)
        return data


def post_body(client, body: bytes, **extra):
    stream = Watched(body)
    response = client.generic("POST", reverse("returns:upload"), body,
                              content_type=MULTIPART_CONTENT, **{"wsgi.input": stream, **extra})
    return response, getattr(stream, "bytes_read", 0)


def form(*files) -> bytes:
    return encode_multipart(BOUNDARY, {"kind": ReturnKind.SSDA903, "year": 2026,
                                       "files": list(files)})


def csv_of(size: int):
    header = b"CHILD,SEX\n"
    return io.BytesIO(header + b"C1,F\n" * ((size - len(header)) // 5))


def refused(response) -> bool:
    page = response.content.decode()
    return (response.status_code == 413 and "govuk-error-summary" in page
            and TOO_LARGE in page and not ReturnRun.objects.exists())


@override_settings(RETURNS_UPLOAD_MAX_MB=1)
def test_an_upload_that_says_it_is_2_gb_is_refused_without_reading_it(as_user):
    response, read = post_body(as_user("analyst"), form(*planted_903_files()),
                               CONTENT_LENGTH=str(TWO_GB))
    assert refused(response)
    assert read == 0


@override_settings(RETURNS_UPLOAD_MAX_MB=1)
def test_files_just_over_the_limit_are_stopped_part_way(as_user):
    file = csv_of(MB + MB // 2)
    file.name = "header_2026.csv"
    body = form(file)
    assert len(body) < 2 * MB  # within what the declared size allows for the form
    response, read = post_body(as_user("analyst"), body)
    assert refused(response)
    assert read < len(body)


@override_settings(RETURNS_UPLOAD_MAX_MB=1)
def test_files_under_the_limit_are_received_and_checked(as_user, committed):
    client = as_user("analyst")
    response, read = committed(lambda: post_body(client, form(*planted_903_files())))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ReturnRun.objects.get().status == ReturnRun.Status.DONE
    assert read > 0


@pytest.mark.parametrize("with_token, status", [(True, 302), (False, 403)])
def test_the_upload_still_checks_the_csrf_token(personas, with_token, status):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["analyst"])
    client.get(reverse("returns:upload"))
    data = {"kind": ReturnKind.SSDA903, "year": 2026, "files": planted_903_files()}
    if with_token:
        data["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
    assert client.post(reverse("returns:upload"), data).status_code == status


def test_the_limit_passes_chunks_on_until_the_files_together_pass_it():
    limit = UploadLimit(limit=10)
    assert limit.receive_data_chunk(b"12345", 0) == b"12345"
    assert limit.receive_data_chunk(b"67890", 0) == b"67890"
    assert not limit.refused
    with pytest.raises(StopUpload) as stopped:
        limit.receive_data_chunk(b"!", 0)
    assert stopped.value.connection_reset and limit.refused
