"""A draft as a document to download: DOCX or PDF (``exports.word``, ``exports.pdf``), once
every step is complete."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect

from library.conventions import services
from library.conventions.document import build_document, export_filename
from library.conventions.exports import pdf, word
from library.conventions.views._common import _builder_guard, _get_draft


def draft_export(request, pk, extension):
    if extension not in ("docx", "pdf"):
        raise Http404
    guard = _builder_guard(request)
    if guard:
        return guard
    draft = _get_draft(request, pk)
    try:
        document = build_document(draft)
    except services.MissingVariables as error:
        messages.error(request, str(error))
        return redirect("conventions:draft_step", pk=draft.pk, step="variables")
    except services.ConventionError as error:
        messages.error(request, str(error))
        return redirect(draft.get_absolute_url())
    if extension == "docx":
        content = word.to_docx(document)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        content = pdf.to_pdf(document)
        content_type = "application/pdf"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(draft, extension)}"'
    return response
