"""Pages for documents: the list of downloads, the web versions, the files, the section editor."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST

from samordna.accounts.decorators import requires
from samordna.core.exceptions import Conflict
from samordna.economy.context import plan_context
from samordna.economy.selectors import equity_bands
from samordna.finsam.budget import columns
from samordna.followup.selectors import report_followup

from . import services
from .forms import SectionForm
from .generate import ALLOWED, FORMATS, KINDS, TERTIALS, UnsupportedDocument, document_build, document_file
from .markdown_blocks import markdown_blocks

# Swedish URL words for the kinds (…/dokument/verksamhetsplan.pdf).
KIND_SLUGS = {"verksamhetsplan": "plan", "tertialrapport": "tertial", "arsredovisning": "annual",
              "medlemsbrev": "letters", "tabeller": "tables"}
SLUG_OF = {kind: slug for slug, kind in KIND_SLUGS.items()}
DESCRIPTIONS = {
    "plan": "Verksamhetsplan med budget, beslutspunkter och bilagor.",
    "tertial": "Budget, prognos och utfall per post och insats, eget kapital och måluppfyllelse.",
    "annual": "Förvaltningsberättelse, resultaträkning och noter ur utfallet.",
    "letters": "Ett brev per medlem om medlemsbidraget och hur det har räknats fram.",
    "tables": "Finansiering, budget, insatser och mål som kalkylblad.",
}
# The downloaded HTML file carries its own print styles; it runs no script.
DOWNLOAD_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _context(request) -> dict:
    ctx = plan_context(request, request.association, request.membership)
    if ctx["data"] is None:
        raise Http404("Förbundet har ingen plan")
    return ctx


def _report_years(data) -> list[int]:
    return sorted({year for year, _ in columns(data)})


def _options(request, ctx) -> dict:
    """The report year (?ar=) and tertial (?tertial=) of a request; 404 when invalid."""
    data = ctx["data"]
    options = {"year": data.plan.year, "tertial": None}
    try:
        if request.GET.get("ar"):
            options["year"] = int(request.GET["ar"])
        if request.GET.get("tertial"):
            options["tertial"] = int(request.GET["tertial"])
    except ValueError:
        raise Http404("Ogiltigt år eller tertial") from None
    if options["year"] not in _report_years(data):
        raise Http404("Planen har inga siffror för det året")
    return options


def _query(ctx, year: int, tertial: int | None = None) -> str:
    query = ctx["plan_query"] or "?"
    query += ("&" if query != "?" else "") + f"ar={year}"
    if tertial:
        query += f"&tertial={tertial}"
    return query


@requires("document.read")
def documents(request, slug):
    ctx = plan_context(request, request.association, request.membership)
    if ctx["data"] is None:
        return render(request, "documents/index.html", ctx)
    options = _options(request, ctx)
    year = options["year"]
    rows = []
    for kind, label in KINDS.items():
        variants = [(None, label)] if kind != "tertial" else [(t, f"{label} T{t}") for t in TERTIALS]
        for tertial, title in variants:
            query = _query(ctx, year, tertial)
            rows.append({
                "kind": kind, "title": title, "description": DESCRIPTIONS[kind],
                "view": reverse("document_view", args=[slug, SLUG_OF[kind]]) + query,
                "files": [(FORMATS[fmt][0], fmt, reverse("document_download", args=[slug, SLUG_OF[kind], fmt])
                           + query) for fmt in ALLOWED[kind]]})
    ctx.update(rows=rows, year=year, years=_report_years(ctx["data"]))
    return render(request, "documents/index.html", ctx)


def _kind(kind_slug: str) -> str:
    kind = KIND_SLUGS.get(kind_slug)
    if kind is None:
        raise Http404("Okänt dokument")
    return kind


def _followup(request, ctx, kind: str, options: dict):
    """The participant follow-up of a tertial or annual report (small counts always hidden)."""
    if kind not in ("tertial", "annual") or ctx["data"] is None:
        return None
    year = options["year"] or ctx["data"].plan.year
    tertial = options["tertial"] if kind == "tertial" and options["tertial"] in (1, 2) else None
    return report_followup(association=request.association, plan=ctx["plan"], data=ctx["data"], year=year,
                           tertial=tertial)


@requires("document.read")
def document_view(request, slug, kind):
    kind = _kind(kind)
    ctx = _context(request)
    options = _options(request, ctx)
    if kind == "tertial" and options["tertial"] is None:
        options["tertial"] = 3
    if kind != "tertial":
        options["tertial"] = None
    if kind == "tertial" and options["tertial"] not in TERTIALS:
        raise Http404("Ogiltig tertial")
    document = document_build(plan=ctx["data"], kind=kind, year=options["year"],
                              tertial=options["tertial"], issued_on=timezone.localdate(),
                              bands=equity_bands(), followup=_followup(request, ctx, kind, options))
    query = _query(ctx, options["year"], options["tertial"])
    ctx.update(document=document, kind=kind, files=[
        (FORMATS[fmt][0], reverse("document_download", args=[slug, SLUG_OF[kind], fmt]) + query)
        for fmt in ALLOWED[kind]])
    return render(request, "documents/document_page.html", ctx)


@requires("document.read")
def document_download(request, slug, kind, fmt):
    kind = _kind(kind)
    ctx = _context(request)
    options = _options(request, ctx)
    try:
        tertial = options["tertial"] if kind == "tertial" else None
        result = document_file(plan=ctx["data"], kind=kind, fmt=fmt, year=options["year"], tertial=tertial,
                               issued_on=timezone.localdate(), bands=equity_bands(),
                               followup=_followup(request, ctx, kind, {**options, "tertial": tertial}))
    except UnsupportedDocument as exc:
        raise Http404(str(exc)) from None
    response = HttpResponse(result.content, content_type=result.content_type)
    response["Content-Disposition"] = content_disposition_header(True, result.filename)
    if fmt == "html":
        response["Content-Security-Policy"] = DOWNLOAD_CSP
    return response


# ---------------------------------------------------------------- section editor


def _sections_url(slug: str, ctx) -> str:
    return reverse("document_sections", args=[slug]) + ctx["plan_query"]


def _section(ctx, section_id: str) -> dict:
    section = next((s for s in ctx["plan"].sections if s.get("id") == section_id), None)
    if section is None:
        raise Http404("Avsnittet finns inte")
    return section


@requires("plan.read")
def document_sections(request, slug):
    ctx = _context(request)
    sections = ctx["plan"].sections
    ctx["sections"] = [{"id": s.get("id"), "title": s.get("title", ""), "text": s.get("text", ""),
                        "blocks": markdown_blocks(s.get("text", ""), anchor_prefix=f"avsnitt{i}-"),
                        "first": i == 0, "last": i == len(sections) - 1} for i, s in enumerate(sections)]
    return render(request, "documents/sections.html", ctx)


@requires("plan.edit")
@require_http_methods(["GET", "POST"])
def document_section_edit(request, slug, section_id=None):
    ctx = _context(request)
    current = _section(ctx, section_id) if section_id is not None else {}
    form = SectionForm(request.POST or None, initial={
        "title": current.get("title", ""), "text": current.get("text", ""),
        "version": services.section_version(current) if current else ""})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if section_id is None:
                services.section_add(actor=request.user, association=request.association,
                                     plan=ctx["plan"], title=d["title"], text=d["text"])
            else:
                services.section_update(actor=request.user, association=request.association,
                                        plan=ctx["plan"], section_id=section_id, title=d["title"],
                                        text=d["text"], expected_version=d["version"] or None)
        except Conflict as exc:
            form.add_error(None, exc.messages)
            form.conflict = exc
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field, error)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, f"Avsnittet ”{d['title'].strip()}” är sparat.")
            return redirect(_sections_url(slug, ctx))
    ctx.update(form=form, section_id=section_id)
    return render(request, "documents/section_form.html", ctx)


@requires("plan.edit")
@require_http_methods(["GET", "POST"])
def document_section_delete(request, slug, section_id):
    """GET asks for confirmation; POST removes the section (the change log keeps its text)."""
    ctx = _context(request)
    section = _section(ctx, section_id)
    back = _sections_url(slug, ctx)
    if request.method == "POST":
        try:
            services.section_delete(actor=request.user, association=request.association,
                                    plan=ctx["plan"], section_id=section_id)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Avsnittet ”{section.get('title', '')}” är borttaget.")
        return redirect(back)
    ctx.update(what=f"avsnittet ”{section.get('title', '')}”", back=back,
               consequence="Avsnittet försvinner ur verksamhetsplanen. Ändringsloggen behåller "
                           "dess text.")
    return render(request, "core/confirm_delete.html", ctx)


@requires("plan.edit")
@require_POST
def document_section_move(request, slug, section_id):
    ctx = _context(request)
    _section(ctx, section_id)
    offset = {"upp": -1, "ned": 1}.get(request.POST.get("riktning", ""))
    if offset is None:
        messages.error(request, "Välj att flytta avsnittet upp eller ned.")
    else:
        try:
            services.section_move(actor=request.user, association=request.association,
                                  plan=ctx["plan"], section_id=section_id, offset=offset)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect(_sections_url(slug, ctx))
