"""Pages for tertial follow-up: the grid of outcome and forecast per period, its sheet import
and template, and the charts of budget, outcome and forecast.

The grid is one form: without JavaScript it is saved whole (one POST, one service call);
with htmx each cell posts itself when it changes (`HX-Trigger-Name` names it) and the answer
swaps in what the save changed (the cell, the row's share and deviation, the sums). Views do
HTTP only: parsing in `tertial_forms`/`tertial_sheets`, writes in `tertial_services`, figures
from the rulebook (`finsam.tertial_summary`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from samordna.accounts.decorators import requires
from samordna.accounts.permissions import role_may
from samordna.core.exceptions import Conflict
from samordna.finsam import plan as p
from samordna.finsam import tertials as rules
from samordna.finsam import vocabulary as vocab
from samordna.finsam.tertial_summary import GROUP_TOTAL, tertial_summary

from .context import plan_context
from .selectors import plan_data_cached, plan_for_year, plans_of
from .tertial_forms import GridInput, cell_text, grid_parse
from .tertial_selectors import storage_key, tertial_cells, tertial_of, tertial_years
from .tertial_services import cell_key, tertial_save
from .tertial_sheets import (
    SheetError,
    preview_fields,
    read_sheet,
    sheet_preview,
    template_csv,
    template_xlsx,
)

MEASURE_NAMES = vocab.lower(vocab.TERTIAL_MEASURES)
CHARTS = ("summa", "insatser")


def _context(request, year: int, period: str) -> dict:
    """The plan the year is followed up in: ?plan=YEAR, else the plan of that budget year, else
    the latest plan that covers it (404 when none does, or the period is unknown)."""
    if period not in p.PERIODS:
        raise Http404("Okänd period")
    if request.GET.get("plan"):
        ctx = plan_context(request, request.association, request.membership)
    else:
        chosen = plan_for_year(association=request.association, year=year)
        ctx = {"association": request.association, "membership": request.membership,
               "plans": plans_of(request.association), "plan": chosen,
               "data": plan_data_cached(chosen) if chosen else None,
               "plan_query": f"?plan={chosen.year}" if chosen else ""}
    if ctx["data"] is None or year not in tertial_years(ctx["data"]):
        raise Http404("Planen har ingen budget för det året")
    ctx.update(year=year, period=period)
    return ctx


def _grid_url(slug: str, year: int, period: str, plan_query: str = "") -> str:
    return reverse("tertial_grid", args=[slug, year, period]) + plan_query


@dataclass
class GridCell:
    key: str
    measure: str
    text: str  # what the input shows: typed, or stored
    was: str  # what the page showed when it was opened (or last saved)
    revision: int
    label: str  # the input's accessible name
    placeholder: str = ""
    errors: list[str] = field(default_factory=list)
    status: str = ""  # "Sparat" after a cell save


@dataclass
class GridRow:
    item: rules.TertialItem
    cells: dict[str, GridCell]

    @property
    def dom(self) -> str:
        return f"{self.item.group}-{self.item.id}"


def _labels(summary) -> dict[str, str]:
    end = vocab.PERIOD_ENDS[summary.period]
    names = {"outcome": f"utfall {end}", "forecast": "prognos helår", "comment": "kommentar"}
    return {cell_key(m, i.part, i.id): f"{i.label}, {names[m]}"
            for i in summary.items for m in rules.MEASURES}


def _grid_rows(summary, cells, given: GridInput | None = None) -> list[GridRow]:
    """The grid's rows: stored values (or what was typed), revisions and errors per cell."""
    from .tertial_forms import amount_text

    labels = _labels(summary)
    rows = []
    for item in summary.items:
        row = {}
        for measure in rules.MEASURES:
            key = cell_key(measure, item.part, item.id)
            stored = cells.get(storage_key(measure, item.part, item.id))
            value = None if stored is None else (stored.text if measure == "comment" else stored.amount)
            shown = cell_text(measure, value)
            text = given.typed.get(key, shown) if given else shown
            row[measure] = GridCell(
                key=key, measure=measure, text=text, was=shown,
                revision=stored.revision if stored else 0, label=labels[key],
                placeholder=amount_text(item.default) if measure == "forecast" else "",
                errors=given.errors.get(key, []) if given else [])
        rows.append(GridRow(item, row))
    return rows


def _groups(rows: list[GridRow], summary) -> list[dict]:
    """The grid's groups (contributions, other revenue, interventions, other costs) with their
    rows and sum."""
    out = []
    for group in rules.GROUPS:
        members = [r for r in rows if r.item.group == group]
        if members:
            out.append({"group": group, "rows": members,
                        "total": summary.totals[GROUP_TOTAL[group]]})
    return out


def _page(request, ctx, summary, cells, *, given: GridInput | None = None, conflict=None,
          status: int = 200):
    data = ctx["data"]
    rows = _grid_rows(summary, cells, given)
    tertial = tertial_of(ctx["plan"], ctx["year"], ctx["period"])
    errors = []
    if given is not None:
        first = {k: v for k, v in given.errors.items()}
        errors = [(f"f-{k}", m) for k, msgs in first.items() for m in msgs]
    slug = ctx["association"].slug
    ctx.update(
        summary=summary, groups=_groups(rows, summary), rows=rows, error_list=errors, conflict=conflict,
        tertial=tertial, tertial_revision=tertial.revision if tertial else 0,
        reported_on_text=(given.typed.get("reported_on") if given and "reported_on" in given.typed
                          else (tertial.reported_on.isoformat() if tertial and tertial.reported_on
                                else "")),
        reported_on_was=tertial.reported_on.isoformat() if tertial and tertial.reported_on else "",
        period_links=[(x, vocab.PERIODS[x], _grid_url(slug, ctx["year"], x, ctx["plan_query"]))
                      for x in p.PERIODS],
        year_links=[(y, _grid_url(slug, y, ctx["period"], ctx["plan_query"]))
                    for y in tertial_years(data)],
        grid_url=_grid_url(slug, ctx["year"], ctx["period"], ctx["plan_query"]),
        period_end=vocab.PERIOD_ENDS[ctx["period"]],
        editable=role_may(ctx["membership"].role, "budget.edit"),
        report_query=f"{ctx['plan_query'] or '?'}{'&' if ctx['plan_query'] else ''}"
                     f"ar={ctx['year']}&tertial={p.PERIODS.index(ctx['period']) + 1}",
        charts=_chart_urls(slug, ctx))
    return render(request, "economy/tertial_grid.html", ctx, status=status)


def _chart_urls(slug: str, ctx) -> dict[str, str]:
    return {kind: reverse("tertial_chart", args=[slug, ctx["year"], ctx["period"], kind])
            + ctx["plan_query"] for kind in CHARTS}


@requires("budget.read")
@require_http_methods(["GET", "POST"])
def tertial_grid(request, slug, year, period):
    """The follow-up of a year at a period: read by anyone with the budget, saved by editors
    (a cell with htmx, the whole grid without)."""
    ctx = _context(request, year, period)
    data = ctx["data"]
    if request.method == "GET":
        summary = tertial_summary(data, year, period, every_item=True)
        cells = tertial_cells(tertial_of(ctx["plan"], year, period))
        return _page(request, ctx, summary, cells)
    if not role_may(request.membership.role, "budget.edit"):
        raise PermissionDenied("Din roll får inte ändra budgeten.")
    summary = tertial_summary(data, year, period, every_item=True)
    htmx = request.headers.get("HX-Request") == "true" and bool(request.headers.get("HX-Trigger-Name"))
    only = request.headers.get("HX-Trigger-Name") if htmx else None
    given = grid_parse(request.POST, summary.items, _labels(summary), only=only)
    conflict = None
    if not given.errors:
        try:
            tertial_save(actor=request.user, association=request.association, plan=ctx["plan"],
                         year=year, period=period, edits=given.edits,
                         **({"reported_on": given.reported_on,
                             "expected_revision": given.tertial_revision}
                            if given.reported_on_given else {}))
        except Conflict as exc:
            conflict = exc
        except ValidationError as exc:
            for key, msgs in (exc.message_dict.items() if hasattr(exc, "error_dict")
                              else [("__all__", exc.messages)]):
                given.errors.setdefault(key, []).extend(msgs)
    if htmx:
        return _cell_answer(request, ctx, only, given, conflict)
    if given.errors or conflict:
        ctx["plan"].refresh_from_db()
        data = plan_data_cached(ctx["plan"])
        ctx["data"] = data
        summary = tertial_summary(data, year, period, every_item=True)
        cells = tertial_cells(tertial_of(ctx["plan"], year, period))
        return _page(request, ctx, summary, cells, given=given, conflict=conflict)
    count = len(given.edits) + (1 if given.reported_on_given else 0)
    if count:
        messages.success(request, f"Tertialuppföljningen {period} {year} är sparad "
                                  f"({count} {'uppgift' if count == 1 else 'uppgifter'}).")
    else:
        messages.success(request, "Inget var ändrat.")
    return redirect(_grid_url(slug, year, period, ctx["plan_query"]))


def _cell_answer(request, ctx, only: str | None, given: GridInput, conflict):
    """What a cell's own save changed, as out-of-band swaps: the cell (its value as stored, or
    what was typed with the error), its revision, the row's share and deviation, the sums."""
    ctx["plan"].refresh_from_db()
    data = plan_data_cached(ctx["plan"])
    summary = tertial_summary(data, ctx["year"], ctx["period"], every_item=True)
    tertial = tertial_of(ctx["plan"], ctx["year"], ctx["period"])
    cells = tertial_cells(tertial)
    rows = _grid_rows(summary, cells)
    row = next((r for r in rows for c in r.cells.values() if c.key == only), None)
    cell = row.cells[next(m for m, c in row.cells.items() if c.key == only)] if row else None
    if cell is not None:
        if given.errors.get(only):
            cell.text, cell.errors = given.typed.get(only, ""), given.errors[only]
        elif conflict is not None:
            cell.errors = [f"{conflict.messages[0]} Nu: {next(iter(conflict.current.values()), '–') or '–'}. "
                           f"Du skrev: ”{given.typed.get(only, '')}”."]
        else:
            cell.status = "Sparat"
    ctx.update(summary=summary, row=row, cell=cell, editable=True,
               totals_by_group=_groups(rows, summary),
               grid_url=_grid_url(ctx["association"].slug, ctx["year"], ctx["period"],
                                  ctx["plan_query"]),
               tertial_revision=tertial.revision if tertial else 0,
               reported_on_text=(given.typed.get("reported_on", "") if given.errors.get("reported_on")
                                 else tertial.reported_on.isoformat() if tertial and tertial.reported_on
                                 else ""),
               reported_on_was=tertial.reported_on.isoformat() if tertial and tertial.reported_on else "",
               reported_on_errors=given.errors.get("reported_on", []) + (
                   [conflict.messages[0]] if conflict is not None and only == "reported_on" else []),
               only=only, period_end=vocab.PERIOD_ENDS[ctx["period"]])
    return render(request, "economy/tertial_cell_saved.html", ctx)


@requires("budget.read")
def tertial_index(request, slug):
    """Every year the plan can be followed up in, and what each period holds."""
    ctx = plan_context(request, request.association, request.membership)
    data = ctx["data"]
    if data is not None:
        today = timezone.localdate()
        rows = []
        for year in tertial_years(data):
            periods = []
            for x in p.PERIODS:
                given = data.tertial(year, x)
                periods.append({"period": x, "name": vocab.PERIODS[x], "given": given,
                                "url": _grid_url(slug, year, x, ctx["plan_query"])})
            rows.append({"year": year, "periods": periods,
                         "current": rules.current_period(data, year, today)})
        ctx["rows"] = rows
    return render(request, "economy/tertial_index.html", ctx)


@requires("budget.edit")
@require_http_methods(["GET", "POST"])
def tertial_import(request, slug, year, period):
    """Upload a sheet → a preview with every bad row's errors (nothing saved) → confirm: all
    rows saved in one go, or none."""
    ctx = _context(request, year, period)
    summary = tertial_summary(ctx["data"], year, period, every_item=True)
    tertial = tertial_of(ctx["plan"], year, period)
    ctx.update(summary=summary, period_end=vocab.PERIOD_ENDS[period],
               grid_url=_grid_url(slug, year, period, ctx["plan_query"]),
               template_urls=[(label, reverse("tertial_template", args=[slug, year, period, fmt])
                               + ctx["plan_query"]) for fmt, label in (("xlsx", "Excel"),
                                                                         ("csv", "CSV"))])
    if request.method == "POST" and request.POST.get("confirm"):
        given = grid_parse(request.POST, summary.items, _labels(summary), every=True)
        edits = given.edits
        if given.errors:
            ctx["file_error"] = "Förhandsgranskningen gick inte att läsa; läs in filen igen."
        else:
            try:
                tertial_save(actor=request.user, association=request.association,
                             plan=ctx["plan"], year=year, period=period, edits=edits)
            except ValidationError as exc:
                ctx["file_error"] = " ".join(exc.messages)
                ctx["conflict"] = exc if isinstance(exc, Conflict) else None
            else:
                messages.success(request, f"{len(edits)} uppgifter från filen är sparade i "
                                          f"{period} {year}.")
                return redirect(ctx["grid_url"])
    elif request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            ctx["file_error"] = "Välj en fil att läsa in."
        elif upload.size > 2_000_000:
            ctx["file_error"] = "Filen är större än 2 MB."
        else:
            try:
                rows = read_sheet(upload.name, upload.read())
            except SheetError as exc:
                ctx["file_error"] = str(exc)
            else:
                preview = sheet_preview(rows, summary, tertial_cells(tertial))
                ctx.update(preview=preview, file_name=upload.name[:200],
                           hidden=preview_fields(preview.edits))
    return render(request, "economy/tertial_import.html", ctx)


@requires("budget.read")
def tertial_template(request, slug, year, period, fmt):
    """The sheet to fill in: every item of the period with its budget and what is entered."""
    ctx = _context(request, year, period)
    if fmt not in ("xlsx", "csv"):
        raise Http404("Okänt format")
    summary = tertial_summary(ctx["data"], year, period, every_item=True)
    name = f"Tertialuppföljning {period} {year} {ctx['association'].name}.{fmt}"
    if fmt == "xlsx":
        content = template_xlsx(summary, ctx["association"].name)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content, kind = template_csv(summary), "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@requires("budget.read")
def tertial_chart(request, slug, year, period, kind):
    """A chart of budget, outcome to date and forecast as an SVG image (the page beside it has
    the same figures as a table)."""
    from samordna.documents.charts import svg
    from samordna.documents.reports import tertial_charts

    ctx = _context(request, year, period)
    if kind not in CHARTS:
        raise Http404("Okänt diagram")
    chart = tertial_charts(tertial_summary(ctx["data"], year, period))[CHARTS.index(kind)]
    if chart is None:
        raise Http404("Inga siffror att visa")
    source = svg(chart)
    response = HttpResponse('<?xml version="1.0" encoding="utf-8"?>\n' + source,
                            content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "private, max-age=60"
    return response
