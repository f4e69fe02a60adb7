"""Helpers of the forum pages' tests (test_views*.py): reading a response, small uploads."""

import html as html_module
import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def content(response) -> str:
    return response.content.decode()


def textarea_value(html: str, name: str = "text") -> str:
    match = re.search(rf'<textarea name="{name}"[^>]*>(.*?)</textarea>', html, re.S)
    assert match, f"no textarea {name}"
    return html_module.unescape(match.group(1)).strip("\n")


def png(name="photo.png", size=(4, 4)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf(name="compte-rendu.pdf"):
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")
