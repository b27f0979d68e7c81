"""Pages for documents: the list of downloads, the web versions, the files, the section editor."""

from __future__ import annotations

from dataclasses import replace

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
from samordna.economy.selectors import equity_bands, plan_data_cached
from samordna.finsam import vocabulary as vocab
from samordna.finsam.budget import columns
from samordna.finsam.financing import contribution_split, invoice_amount
from samordna.followup.selectors import followup_stamp, report_followup

from . import job_services, services
from .forms import LETTER_KIND_SLUG, LETTER_KIND_SLUGS, LetterDispatchForm, LetterOptionsForm, SectionForm
from .generate import ALLOWED, FORMATS, KINDS, TERTIALS, UnsupportedDocument, document_build
from .letters import LetterError, LetterRequest, Signatory, letter_date, letter_kind, letters_check, recipients
from .markdown_blocks import markdown_blocks
from .selectors import letter_dispatches, previous_plan_data

# Swedish URL words for the kinds (…/dokument/verksamhetsplan.pdf).
KIND_SLUGS = {"verksamhetsplan": "plan", "tertialrapport": "tertial", "arsredovisning": "annual",
              "medlemsbrev": "letters", "tabeller": "tables"}
SLUG_OF = {kind: slug for slug, kind in KIND_SLUGS.items()}
DESCRIPTIONS = {
    "plan": "Verksamhetsplan med budget, beslutspunkter och bilagor.",
    "tertial": "Budget, prognos och utfall per post och insats, eget kapital och måluppfyllelse.",
    "annual": "Förvaltningsberättelse, resultaträkning och noter ur utfallet.",
    "letters": "Ett brev per medlem om medlemsbidraget, förändringen sedan förra året och hur "
               "det har räknats fram, undertecknat av förbundschefen.",
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
    jobs = job_services.document_jobs_current(ctx["plan"])
    stamp = followup_stamp(ctx["plan"])
    letters, _form, problem = _letter_options(request, ctx, year)
    letter_files = (_letter_files(request, ctx, slug, year, letters, jobs, members=False)
                    if letters is not None and not problem else {})
    rows = []
    for kind, label in KINDS.items():
        variants = [(None, label)] if kind != "tertial" else [(t, f"{label} T{t}") for t in TERTIALS]
        for tertial, title in variants:
            query = _query(ctx, year, tertial)
            view = (reverse("letters", args=[slug]) if kind == "letters"
                    else reverse("document_view", args=[slug, SLUG_OF[kind]]))
            files = []
            for fmt in ALLOWED[kind]:
                url = reverse("document_download", args=[slug, SLUG_OF[kind], fmt]) + query
                if kind == "letters":  # the default letters; others are chosen on the letters page
                    if fmt in letter_files:
                        files.append(letter_files[fmt])
                    continue
                wanted = job_services.document_request(kind=kind, fmt=fmt, year=year, tertial=tertial,
                                                       followup=stamp)
                job = jobs.get(wanted.key)
                files.append({"label": FORMATS[fmt][0], "fmt": fmt, "status": job.status if job else None,
                              "url": url,
                              "start": reverse("document_job_start", args=[slug, SLUG_OF[kind], fmt]) + query})
            rows.append({
                "kind": kind, "title": title, "description": DESCRIPTIONS[kind],
                "view": view + query, "files": files})
    ctx.update(rows=rows, year=year, years=_report_years(ctx["data"]),
               dispatches=letter_dispatches(ctx["plan"]))
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
    letters = None
    if kind == "letters":
        letters = replace(_letters_or_404(request, ctx, options["year"]), previous=previous_plan_data(ctx["plan"]))
    try:
        document = document_build(plan=ctx["data"], kind=kind, year=options["year"],
                                  tertial=options["tertial"], issued_on=timezone.localdate(),
                                  bands=equity_bands(), followup=_followup(request, ctx, kind, options),
                                  letters=letters)
    except UnsupportedDocument as exc:
        raise Http404(str(exc)) from None
    query = _query(ctx, options["year"], options["tertial"])
    ctx.update(document=document, kind=kind, files=[
        (FORMATS[fmt][0], reverse("document_download", args=[slug, SLUG_OF[kind], fmt]) + query)
        for fmt in ALLOWED[kind]])
    return render(request, "documents/document_page.html", ctx)


def _document(request, ctx, kind_slug: str, fmt: str):
    """The checked request for one document file made in the background (404 for what cannot
    be made)."""
    kind = _kind(kind_slug)
    options = _options(request, ctx)
    try:
        return job_services.document_request(kind=kind, fmt=fmt, year=options["year"],
                                             tertial=options["tertial"] if kind == "tertial" else None,
                                             followup=followup_stamp(ctx["plan"]))
    except UnsupportedDocument as exc:
        raise Http404(str(exc)) from None


# The files on the letters page are cells whose ids start with this; htmx names the cell it
# swaps (HX-Target), and the cell's state is answered as a cell, not as the status page.
CELL = "brevfil-"
FILE_LABELS = {**{fmt: label for fmt, (label, _type) in FORMATS.items()}, "zip": "zip-fil"}


def _file_state(request, ctx, wanted, job, links: dict):
    """The state of one document file: in the queue, being made, failed (with a button to try
    again) or not asked for yet (a button). htmx asks for the state again every two seconds
    while the worker works; without JavaScript a link reloads the page."""
    fmt_label = FILE_LABELS[wanted.fmt]
    if request.headers.get("HX-Request") and request.headers.get("HX-Target", "").startswith(CELL):
        return render(request, "documents/_file_cell.html", {"f": _cell(links, fmt_label, job)})
    ctx.update(job=job, fmt_label=fmt_label, **links)
    template = "documents/_job.html" if request.headers.get("HX-Request") else "documents/job.html"
    return render(request, template, ctx)


def _cell(links: dict, label: str, job) -> dict:
    """One file as a cell of the letters page (documents/_file_cell.html)."""
    return {**links, "label": label, "status": job.status if job else None, "error": job.error if job else ""}


def _document_links(ctx, slug: str, wanted) -> dict:
    query = _query(ctx, wanted.year, wanted.tertial)
    kind_slug = SLUG_OF[wanted.kind]
    return {"name": KINDS[wanted.kind] + (f" T{wanted.tertial}" if wanted.tertial else "") + f" {wanted.year}",
            "url": reverse("document_download", args=[slug, kind_slug, wanted.fmt]) + query,
            "start": reverse("document_job_start", args=[slug, kind_slug, wanted.fmt]) + query,
            "back": reverse("documents", args=[slug]) + query, "back_label": "Alla dokument"}


def _file_or_state(request, ctx, wanted, links: dict):
    """The file of the plan's current version when the worker has made it, else its state."""
    job = job_services.document_job_current(ctx["plan"], wanted)
    if job is None or job.status != "done" or request.headers.get("HX-Request"):
        return _file_state(request, ctx, wanted, job, links)
    response = HttpResponse(job_services.document_job_file(job), content_type=job.content_type)
    response["Content-Disposition"] = content_disposition_header(True, job.filename)
    if wanted.fmt == "html":
        response["Content-Security-Policy"] = DOWNLOAD_CSP
    return response


def _job_start(request, ctx, wanted, links: dict):
    """Ask the worker for a file (or find the one it made); htmx gets the file's state, a
    plain form is sent on to the file's page."""
    job = job_services.document_job_start(actor=request.user, association=request.association,
                                          plan=ctx["plan"], request=wanted)
    if request.headers.get("HX-Request"):
        return _file_state(request, ctx, wanted, job, links)
    return redirect(links["url"])


def _plan_or_404(request) -> dict:
    ctx = plan_context(request, request.association, request.membership, data=False)
    if ctx["plan"] is None:
        raise Http404("Förbundet har ingen plan")
    ctx["data"] = plan_data_cached(ctx["plan"])
    return ctx


@requires("document.read")
def document_download(request, slug, kind, fmt):
    """The file of the plan's current version when the worker has made it, else its state.
    Member letters are asked for with the options of the letters page (kind, date)."""
    if KIND_SLUGS.get(kind) == "letters":
        return _file_or_state(request, *_letters_wanted(request, slug, fmt))
    ctx = _plan_or_404(request)
    wanted = _document(request, ctx, kind, fmt)
    return _file_or_state(request, ctx, wanted, _document_links(ctx, slug, wanted))


@requires("document.read")
@require_POST
def document_job_start(request, slug, kind, fmt):
    """Ask the worker for a document (or find the one it made for this version of the plan)."""
    if KIND_SLUGS.get(kind) == "letters":
        return _job_start(request, *_letters_wanted(request, slug, fmt))
    ctx = _plan_or_404(request)
    wanted = _document(request, ctx, kind, fmt)
    return _job_start(request, ctx, wanted, _document_links(ctx, slug, wanted))


# ---------------------------------------------------------------- member letters


def _letter_options(request, ctx, year: int) -> tuple[LetterRequest | None, LetterOptionsForm, str | None]:
    """The letters a request asks for (?typ=beslut|samrad, ?datum=): a decision letter is
    dated with the plan's decision date, a consultation letter with the chosen date (today
    unless chosen). Returns the request (None when the options are invalid), the form that
    shows them, and why no letters can be written (Swedish), if so."""
    data = ctx["data"]
    form = LetterOptionsForm(request.GET)
    if not form.is_valid():
        return None, form, None
    kind = LETTER_KIND_SLUGS.get(form.cleaned_data.get("typ") or "") or (
        "decision" if data.plan.adopted_on else "consultation")
    issued_on = form.cleaned_data.get("datum")
    if kind == "consultation" and issued_on is None:
        issued_on = timezone.localdate()
    association = request.association
    letters = LetterRequest(kind=kind, issued_on=issued_on,
                            signatory=Signatory(association.director_name, association.director_title))
    try:
        letters_check(data, letters)
    except LetterError as exc:
        return letters, form, str(exc)
    return letters, form, None


def _letters_or_404(request, ctx, year: int) -> LetterRequest:
    letters, _form, problem = _letter_options(request, ctx, year)
    if letters is None or problem:
        raise Http404(problem or "Ogiltigt slag av brev eller datum")
    return letters


def _letter_query(ctx, year: int, letters: LetterRequest) -> str:
    query = _query(ctx, year) + f"&typ={LETTER_KIND_SLUG[letters.kind]}"
    if letters.kind == "consultation" and letters.issued_on:
        query += f"&datum={letters.issued_on.isoformat()}"
    return query


def _letter_files(request, ctx, slug: str, year: int, letters: LetterRequest, jobs: dict, *,
                  members: bool = True) -> dict:
    """The letter files of the chosen options as cells with their state: {fmt: cell} for all
    letters in one file (PDF, Word, HTML) or as a zip, and {member id: {fmt: cell}} for each
    member's own letter (PDF, Word) when `members`."""
    data = ctx["data"]
    options = job_services.letter_options(plan=ctx["plan"], association=request.association,
                                          kind=letter_kind(data, letters))
    query = _letter_query(ctx, year, letters)
    when = letter_date(data, letters)
    out: dict = {}
    for fmt in job_services.LETTER_FORMATS:
        wanted = job_services.letter_request(options=options, fmt=fmt, year=year, letter_date=when)
        out[fmt] = _cell(_letter_links(ctx, slug, wanted, query), FILE_LABELS[fmt], jobs.get(wanted.key))
    if members:
        for m in recipients(data):
            mine = replace(options, member=m.id)
            out[m.id] = {}
            for fmt in ("pdf", "docx"):
                wanted = job_services.letter_request(options=mine, fmt=fmt, year=year, letter_date=when)
                out[m.id][fmt] = _cell(_letter_links(ctx, slug, wanted, query), FILE_LABELS[fmt],
                                       jobs.get(wanted.key))
    return out


def _letter_links(ctx, slug: str, wanted, query: str) -> dict:
    """Where one letter file is asked for and fetched, what it is called, and its cell's id."""
    options, fmt, year = wanted.letters, wanted.fmt, wanted.year
    word = "Medlemsbrev" if options.kind == "decision" else "Samrådsbrev"
    if options.member:
        member = ctx["data"].member(options.member)
        return {"name": f"{word} {year} till {member.name}", "id": f"{CELL}m-{options.member}-{fmt}",
                "url": reverse("letter_download", args=[slug, options.member, fmt]) + query,
                "start": reverse("letter_job_start", args=[slug, options.member, fmt]) + query,
                "back": reverse("letters", args=[slug]) + query, "back_label": "Medlemsbrev"}
    return {"name": f"{word} {year}, " + ("ett brev per fil" if fmt == "zip" else "alla medlemmar"),
            "id": f"{CELL}alla-{fmt}",
            "url": reverse("document_download", args=[slug, "medlemsbrev", fmt]) + query,
            "start": reverse("document_job_start", args=[slug, "medlemsbrev", fmt]) + query,
            "back": reverse("letters", args=[slug]) + query, "back_label": "Medlemsbrev"}


def _letters_wanted(request, slug: str, fmt: str, member: str = ""):
    """(ctx, the checked request, its links) for one letter file of the options in the query
    (?typ=, ?datum=); 404 for letters that cannot be written or a member who gets none."""
    ctx = _plan_or_404(request)
    year = _options(request, ctx)["year"]
    letters = _letters_or_404(request, ctx, year)
    data = ctx["data"]
    if member and member not in {m.id for m in recipients(data)}:
        raise Http404("Medlemmen får inget medlemsbrev")
    options = job_services.letter_options(plan=ctx["plan"], association=request.association,
                                          kind=letter_kind(data, letters))
    try:
        wanted = job_services.letter_request(options=replace(options, member=member), fmt=fmt, year=year,
                                             letter_date=letter_date(data, letters))
    except UnsupportedDocument as exc:
        raise Http404(str(exc)) from None
    return ctx, wanted, _letter_links(ctx, slug, wanted, _letter_query(ctx, year, letters))


def _letters_page(request, slug, ctx, dispatch_form=None):
    options = _options(request, ctx)
    year = options["year"]
    data = ctx["data"]
    letters, form, problem = _letter_options(request, ctx, year)
    rows, files = [], []
    splits = contribution_split(plan=data, year=year)
    if letters is not None and not problem:
        cells = _letter_files(request, ctx, slug, year, letters, job_services.document_jobs_current(ctx["plan"]))
        sent = {}
        for d in letter_dispatches(ctx["plan"]):
            if d.year == year and d.kind == letters.kind:
                sent.setdefault(d.member.slug, d)
        for m in recipients(data):
            rows.append({"member": m, "amount": invoice_amount(splits, m.id) if splits else None,
                         "sent": sent.get(m.id), "files": [cells[m.id]["pdf"], cells[m.id]["docx"]]})
        files = [cells["pdf"], cells["docx"], cells["zip"]]
        if dispatch_form is None:
            dispatch_form = LetterDispatchForm(recipients=recipients(data),
                                               initial={"sent_on": timezone.localdate()})
    ctx.update(year=year, years=_report_years(data), options_form=form, letters=letters,
               problem=problem, rows=rows, files=files, dispatch_form=dispatch_form,
               letter_date=letter_date(data, letters) if letters else None,
               kind_label=vocab.LETTER_KINDS[letters.kind] if letters else None,
               kind_slug=LETTER_KIND_SLUG[letters.kind] if letters else form.data.get("typ"),
               dispatch_query=_letter_query(ctx, year, letters) if letters else "",
               has_af=bool(data.members_of("arbetsformedlingen")),
               dispatches=[d for d in letter_dispatches(ctx["plan"]) if d.year == year])
    return render(request, "documents/letters.html", ctx)


@requires("document.read")
def letters_page(request, slug):
    """The member letters: one per member and all together, each made in the background when
    asked for (a button) and then fetched, and which were sent."""
    return _letters_page(request, slug, _context(request))


@requires("document.read")
def letter_download(request, slug, member, fmt):
    """One member's letter when the worker has made it, else its state (GET makes nothing)."""
    return _file_or_state(request, *_letters_wanted(request, slug, fmt, member))


@requires("document.read")
@require_POST
def letter_job_start(request, slug, member, fmt):
    """Ask the worker for one member's letter (or find the one it made for these options)."""
    return _job_start(request, *_letters_wanted(request, slug, fmt, member))


@requires("document.read")
def letters_zip_download(request, slug):
    """Every member's letter as a PDF of its own in one zip, when the worker has made it."""
    return _file_or_state(request, *_letters_wanted(request, slug, "zip"))


@requires("letter.send")
@require_POST
def letters_dispatch(request, slug):
    """Record letters as sent (the service checks the members, dates and permission)."""
    ctx = _context(request)
    year = _options(request, ctx)["year"]
    letters = _letters_or_404(request, ctx, year)
    form = LetterDispatchForm(request.POST, recipients=recipients(ctx["data"]))
    if form.is_valid():
        try:
            rows = services.letters_dispatch_record(
                actor=request.user, association=request.association, plan=ctx["plan"],
                member_slugs=form.cleaned_data["members"], kind=letter_kind(ctx["data"], letters),
                year=year, letter_date=letter_date(ctx["data"], letters),
                sent_on=form.cleaned_data["sent_on"])
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, f"{len(rows)} brev är registrerade som skickade "
                                      f"{form.cleaned_data['sent_on']:%Y-%m-%d}.")
            return redirect(reverse("letters", args=[slug]) + _letter_query(ctx, year, letters))
    return _letters_page(request, slug, ctx, dispatch_form=form)


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
