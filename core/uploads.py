"""Uploaded images: raster images only, verified and re-encoded by Pillow, size-limited, with random names.

Used by the editor's image upload (django-markdownx, /markdownx/upload/) and by image fields in the admin
(``SafeImageField``). The browser's file name and content type are never trusted: Pillow decides what
the file is, only JPEG, PNG, GIF and WebP are accepted (no SVG, which can carry scripts), and the image
is decoded and written out again, which drops metadata and anything appended to the image data.
"""

import io
import mimetypes
import posixpath
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.http import HttpResponseBadRequest, JsonResponse
from django.views.static import serve
from markdownx.views import ImageUploadView, MarkdownifyView
from PIL import Image, ImageOps

# Pillow format -> (file extension, content type)
ALLOWED_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "GIF": ("gif", "image/gif"),
    "WEBP": ("webp", "image/webp"),
}
MAX_PIXELS = 40_000_000  # far below Pillow's decompression-bomb limit; all frames of an animation count
MAX_SIDE = 1600  # larger images are scaled down to fit

# Browsers style their own image viewer inline; sandbox keeps any script from running.
IMAGE_ONLY_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def clean_uploaded_image(upload, *, max_side: int = MAX_SIDE):
    """Return ``upload`` as a verified, re-encoded image file with a random name; raise ValidationError if not.

    The result is an ``InMemoryUploadedFile`` named ``<uuid>.<ext>`` where ``ext`` follows the format Pillow
    found, never the uploaded name. The size limit is ``settings.MARKDOWNX_UPLOAD_MAX_SIZE``.
    """
    max_bytes = settings.MARKDOWNX_UPLOAD_MAX_SIZE
    if upload.size > max_bytes:
        raise ValidationError(
            f"The file is too large ({upload.size // 1024} KB); the limit is {max_bytes // 1024} KB.", code="size"
        )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            image_format = probe.format
            width, height = probe.size
            # Counted from the frame headers, before anything is decoded: an animation's cost is all its frames.
            frames = getattr(probe, "n_frames", 1)
            probe.seek(0)
            probe.verify()
        if image_format not in ALLOWED_FORMATS:
            raise ValidationError(
                "Upload a JPEG, PNG, GIF or WebP image (SVG and other formats are not accepted).", code="format"
            )
        if width * height * frames > MAX_PIXELS:
            what = f"{frames} frames of {width}x{height}" if frames > 1 else f"{width}x{height}"
            raise ValidationError(
                f"The image has too many pixels ({what}); please make it smaller or shorter first.", code="pixels"
            )
        upload.seek(0)
        with Image.open(upload) as image:
            data = _reencode(image, image_format, max_side)
    except ValidationError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, EOFError) as error:
        # Pillow raises these for files that are not images, are truncated or are corrupt.
        raise ValidationError("The file is not a valid image.", code="invalid") from error

    extension, content_type = ALLOWED_FORMATS[image_format]
    return InMemoryUploadedFile(
        file=data,
        field_name=getattr(upload, "field_name", None),
        name=f"{uuid.uuid4().hex}.{extension}",
        content_type=content_type,
        size=data.getbuffer().nbytes,
        charset=None,
    )


def _reencode(image, image_format, max_side):
    output = io.BytesIO()
    image.info.pop("comment", None)  # JPEG and GIF comments are text nobody sees: nothing hides in them
    frames = getattr(image, "n_frames", 1)
    if image_format == "GIF" and frames > 1:
        # Animated GIFs keep their frames; they are re-written frame by frame, not resized.
        image.save(output, "GIF", save_all=True, loop=image.info.get("loop", 0))
    else:
        image = ImageOps.exif_transpose(image)  # keep the orientation the camera recorded, then drop EXIF
        image.thumbnail((max_side, max_side))
        options = {"quality": 85} if image_format in ("JPEG", "WEBP") else {}
        if image_format == "JPEG" and image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        image.save(output, image_format, **options)
    output.seek(0)
    return output


class SafeImageField(forms.ImageField):
    """A form image field that accepts only verified raster images and stores them under a random name.

    In a ModelAdmin: ``formfield_overrides = {models.ImageField: {"form_class": SafeImageField}}``.
    """

    def clean(self, data, initial=None):
        cleaned = super().clean(data, initial)
        if cleaned and cleaned is not initial and hasattr(cleaned, "content_type"):
            return clean_uploaded_image(cleaned)
        return cleaned


class EditorImageForm(forms.Form):
    """django-markdownx's upload form, with ``clean_uploaded_image`` instead of trusting the content type."""

    image = forms.FileField()

    def clean_image(self):
        return clean_uploaded_image(self.cleaned_data["image"])

    def save(self, commit=True):
        image = self.cleaned_data["image"]
        name = default_storage.save(posixpath.join(settings.MARKDOWNX_MEDIA_PATH, image.name), image)
        return default_storage.url(name)


class EditorImageUploadView(ImageUploadView):
    """The editor's image upload: answers JSON, 400 with the reason for anything but a valid image."""

    form_class = EditorImageForm

    def form_invalid(self, form):
        return JsonResponse(form.errors, status=400)

    def form_valid(self, form):
        return JsonResponse({"image_code": f"![]({form.save()})"})


class EditorPreviewView(MarkdownifyView):
    """The editor's live preview; a request without content is a 400, not a server error."""

    def post(self, request, *args, **kwargs):
        if "content" not in request.POST:
            return HttpResponseBadRequest("No content to preview.")
        return super().post(request, *args, **kwargs)


def serve_media(request, path):
    """Serve an uploaded file in development with the headers production's nginx adds (see docs/SECURITY.md).

    Files can never run as a page of this site: a sandboxing CSP, no content sniffing, and anything
    that is not an image is a download.
    """
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Content-Security-Policy"] = IMAGE_ONLY_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    content_type = mimetypes.guess_type(path)[0] or ""
    if content_type not in {content for _ext, content in ALLOWED_FORMATS.values()}:
        response["Content-Type"] = "application/octet-stream"
        response["Content-Disposition"] = "attachment"
    return response
