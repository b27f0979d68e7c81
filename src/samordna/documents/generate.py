"""One entry point for every document: kind × format → bytes, file name and content type."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, replace
from datetime import date

from samordna.finsam import plan as p
from samordna.finsam.equity import DEFAULT_BANDS, EquityBand
from samordna.finsam.followup import FollowUpReport

from .blocks import Document
from .content import plan_document, tables_document
from .letters import LetterError, LetterRequest, letters_document, recipients
from .render_html import render_print_html
from .reports import annual_document, tertial_document

KINDS = {"plan": "Verksamhetsplan", "tertial": "Tertialrapport", "annual": "Årsredovisning",
         "letters": "Medlemsbrev", "tables": "Tabeller"}
FORMATS = {
    "docx": ("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": ("PDF", "application/pdf"),
    "html": ("HTML", "text/html; charset=utf-8"),
    "xlsx": ("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
ALLOWED = {"plan": ("docx", "pdf", "html"), "tertial": ("docx", "pdf", "html", "xlsx"),
           "annual": ("docx", "pdf", "html"), "letters": ("docx", "pdf", "html"), "tables": ("xlsx",)}
TERTIALS = (1, 2, 3)


class UnsupportedDocument(ValueError):
    """A kind, format or tertial that cannot be produced; the message is Swedish."""


@dataclass(frozen=True)
class DocumentFile:
    content: bytes
    filename: str
    content_type: str


def check_request(*, kind: str, fmt: str, tertial: int | None) -> None:
    if kind not in KINDS:
        raise UnsupportedDocument(f"Okänd dokumenttyp \"{kind}\" (välj {', '.join(KINDS)}).")
    if fmt not in FORMATS:
        raise UnsupportedDocument(f"Okänt format \"{fmt}\" (välj {', '.join(FORMATS)}).")
    if fmt not in ALLOWED[kind]:
        choices = ALLOWED[kind]
        listed = choices[0] if len(choices) == 1 else f"{', '.join(choices[:-1])} eller {choices[-1]}"
        raise UnsupportedDocument(f"{KINDS[kind]} finns inte som {FORMATS[fmt][0]}; välj {listed}.")
    if kind == "tertial" and tertial not in TERTIALS:
        raise UnsupportedDocument("Ange tertial 1, 2 eller 3 för tertialrapporten.")
    if kind != "tertial" and tertial is not None:
        raise UnsupportedDocument("Tertial anges bara för tertialrapporten.")


def document_build(*, plan: p.Plan, kind: str, year: int | None = None, tertial: int | None = None,
                   issued_on: date | None = None,
                   bands: tuple[EquityBand, ...] = DEFAULT_BANDS,
                   followup: FollowUpReport | None = None,
                   letters: LetterRequest | None = None) -> Document:
    """One document of the plan; `bands` are the installation's equity bands (as the review's);
    `followup` the participant follow-up the tertial and annual reports show. Letters follow
    `letters` (kind, date, signatory, members); without it they are the decision letters of an
    adopted plan, else consultation letters dated `issued_on`."""
    if kind == "plan":
        return plan_document(plan, bands=bands)
    if kind == "tertial":
        return tertial_document(plan, year=year, tertial=tertial, bands=bands, followup=followup)
    if kind == "annual":
        return annual_document(plan, year=year, followup=followup)
    if kind == "letters":
        try:
            return letters_document(plan, year=year,
                                    request=letters or LetterRequest(issued_on=issued_on))
        except LetterError as exc:
            raise UnsupportedDocument(str(exc)) from None
    return tables_document(plan)


def document_render(document: Document, fmt: str) -> bytes:
    # The renderers import matplotlib and WeasyPrint, which take seconds to load: only on use.
    if fmt == "docx":
        from .render_docx import render_docx

        return render_docx(document)
    if fmt == "pdf":
        from .render_pdf import render_pdf

        return render_pdf(document)
    if fmt == "xlsx":
        from .render_xlsx import render_xlsx

        return render_xlsx(document)
    return render_print_html(document).encode("utf-8")


def document_file(*, plan: p.Plan, kind: str, fmt: str, year: int | None = None,
                  tertial: int | None = None, issued_on: date | None = None,
                  bands: tuple[EquityBand, ...] = DEFAULT_BANDS,
                  followup: FollowUpReport | None = None,
                  letters: LetterRequest | None = None) -> DocumentFile:
    """The file of one kind and format (raises UnsupportedDocument for impossible combinations)."""
    check_request(kind=kind, fmt=fmt, tertial=tertial)
    document = document_build(plan=plan, kind=kind, year=year, tertial=tertial, issued_on=issued_on,
                              bands=bands, followup=followup, letters=letters)
    return DocumentFile(document_render(document, fmt), f"{document.file_stem}.{fmt}", FORMATS[fmt][1])


def letters_zip(*, plan: p.Plan, year: int | None, letters: LetterRequest,
                fmt: str = "pdf") -> DocumentFile:
    """Every member's letter as a file of its own, together in one zip. PDFs are laid out
    once for all members and split at each letter's first page."""
    if fmt not in ALLOWED["letters"]:
        raise UnsupportedDocument(f"Medlemsbrev finns inte som {fmt}.")
    chosen = letters.members or tuple(m.id for m in recipients(plan))
    whole = document_build(plan=plan, kind="letters", year=year, letters=letters)
    names = [document_build(plan=plan, kind="letters", year=year,
                            letters=replace(letters, members=(member_id,))).file_stem
             for member_id in chosen]
    if fmt == "pdf":
        from .render_pdf import render_pdf_parts

        contents = render_pdf_parts(whole, [f"brev{i + 1}" for i in range(len(chosen))])
    else:
        contents = [document_file(plan=plan, kind="letters", fmt=fmt, year=year,
                                  letters=replace(letters, members=(member_id,))).content
                    for member_id in chosen]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in zip(names, contents, strict=True):
            archive.writestr(f"{name}.{fmt}", content)
    return DocumentFile(buffer.getvalue(), f"{whole.file_stem}.zip", "application/zip")
