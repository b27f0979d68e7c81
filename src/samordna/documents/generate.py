"""One entry point for every document: kind × format → bytes, file name and content type."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from samordna.finsam import plan as p
from samordna.finsam.equity import DEFAULT_BANDS, EquityBand
from samordna.finsam.followup import FollowUpReport

from .blocks import Document
from .content import plan_document, tables_document
from .letters import letters_document
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
                   followup: FollowUpReport | None = None) -> Document:
    """One document of the plan; `bands` are the installation's equity bands (as the review's);
    `followup` the participant follow-up the tertial and annual reports show."""
    if kind == "plan":
        return plan_document(plan, bands=bands)
    if kind == "tertial":
        return tertial_document(plan, year=year, tertial=tertial, bands=bands, followup=followup)
    if kind == "annual":
        return annual_document(plan, year=year, followup=followup)
    if kind == "letters":
        return letters_document(plan, year=year, issued_on=issued_on)
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
                  followup: FollowUpReport | None = None) -> DocumentFile:
    """The file of one kind and format (raises UnsupportedDocument for impossible combinations)."""
    check_request(kind=kind, fmt=fmt, tertial=tertial)
    document = document_build(plan=plan, kind=kind, year=year, tertial=tertial, issued_on=issued_on,
                              bands=bands, followup=followup)
    return DocumentFile(document_render(document, fmt), f"{document.file_stem}.{fmt}", FORMATS[fmt][1])
