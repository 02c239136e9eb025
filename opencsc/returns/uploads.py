"""Refusing an upload that is too large before it is received.

A 2 GB file sent to be checked must not be read to the end (nor held in memory) only to be
told it is too big. Two guards, both before the form is read:

- ``declared_too_large``: the request says its size (Content-Length) and the files cannot
  fit in it; it is refused without reading a byte of the body.
- ``UploadLimit``: an upload handler, first in the chain, that counts the files' bytes as
  they arrive and stops the upload (``StopUpload(connection_reset=True)``, so the rest is
  not read either) when they pass the limit. It catches what the size the request gives
  does not decide: files just over the limit in a request whose declared size allows for
  the other fields, or a server that does not pass the size on.

The view that uses them must be exempt from the CSRF middleware (which reads the whole
body to find the token) and check CSRF itself once the guards are in place.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

# Room in a request, besides the files, for the other fields and the multipart framing.
FORM_ALLOWANCE = 1024 * 1024


def limit_bytes() -> int:
    return settings.RETURNS_UPLOAD_MAX_MB * 1024 * 1024


def too_large_message() -> str:
    return f"The files must be smaller than {settings.RETURNS_UPLOAD_MAX_MB} MB in all"


def declared_too_large(request) -> bool:
    """The request's own stated size is more than the files may be, with the form."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False  # Django refuses a malformed length itself when it reads the body
    return declared > limit_bytes() + FORM_ALLOWANCE


class UploadLimit(FileUploadHandler):
    """Passes each chunk on to the usual handlers until the files, together, pass the
    limit; then stops the upload and says so in ``refused``."""

    def __init__(self, request=None, limit: int | None = None):
        super().__init__(request)
        self.limit = limit_bytes() if limit is None else limit
        self.received = 0
        self.refused = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.refused = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler makes the file


def install(request) -> UploadLimit:
    """Put the limit first among the request's upload handlers (before its body is read)."""
    limit = UploadLimit(request)
    request.upload_handlers.insert(0, limit)
    return limit
