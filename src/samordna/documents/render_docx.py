"""Documents as Word files (python-docx): real heading styles, real tables, editable text.

Headings use Word's "Heading 1–4" styles so the navigation pane and the table of
contents (a TOC field that Word fills in when the file is opened) work; tables
are Word tables with a repeating header row; page numbers are PAGE/NUMPAGES
fields ("Sida X av Y").
"""

from __future__ import annotations

import io

from docx import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .blocks import (
    Chart,
    Document,
    Heading,
    ItemList,
    PageBreak,
    Paragraph,
    Run,
    Signatures,
    Swot,
    Table,
)

ACCENT = RGBColor(0x12, 0x32, 0x4F)
MUTED = RGBColor(0x3B, 0x43, 0x4B)
TEXT_WIDTH_CM = 16.0


def _set_language(doc) -> None:
    """Swedish spelling and hyphenation for the whole document."""
    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "sv-SE")
    rpr.append(lang)


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (PAGE, NUMPAGES …); Word computes its value."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run._r.append(begin)
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    run = paragraph.add_run()
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(separate)
    paragraph.add_run(placeholder)
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _shade(cell, colour: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    tcpr.append(shading)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _keep_row_together(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def _add_runs(paragraph, runs: tuple[Run, ...], size: float | None = None) -> None:
    for run in runs:
        r = paragraph.add_run(run.text)  # python-docx turns "\n" into a line break
        r.bold = run.bold or None
        r.italic = run.italic or None
        if size:
            r.font.size = Pt(size)


def _setup(doc, document: Document) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.2)
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(5)
    _set_language(doc)
    for level, size in ((1, 16), (2, 13), (3, 11.5), (4, 10.5)):
        style = doc.styles[f"Heading {level}"]
        style.font.color.rgb = ACCENT
        style.font.size = Pt(size)
    props = doc.core_properties
    props.title = f"{document.title} – {document.association}"
    props.author = document.association
    props.language = "sv-SE"
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)

    section.different_first_page_header_footer = document.title_page is not None
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = header.add_run(document.running_title)
    run.font.size, run.font.color.rgb = Pt(8), MUTED
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Sida ")
    _field(footer, "PAGE", "1")
    footer.add_run(" av ")
    _field(footer, "NUMPAGES", "1")
    for run in footer.runs:
        run.font.size = Pt(8)


def _title_page(doc, document: Document) -> None:
    t = document.title_page
    p = doc.add_paragraph()
    r = p.add_run(t.association)
    r.bold, r.font.size, r.font.color.rgb = True, Pt(14), ACCENT
    p.paragraph_format.space_after = Pt(170)
    title = doc.add_paragraph(t.title, style="Title")
    title.paragraph_format.space_after = Pt(4)
    sub = doc.add_paragraph()
    r = sub.add_run(t.subtitle)
    r.font.size, r.font.color.rgb = Pt(16), MUTED
    sub.paragraph_format.space_after = Pt(220)
    for line in t.lines:
        p = doc.add_paragraph()
        p.paragraph_format.space_after = Pt(1)
        r = p.add_run(line)
        r.font.size, r.font.color.rgb = Pt(10), MUTED
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _toc(doc, document: Document) -> None:
    p = doc.add_paragraph()
    r = p.add_run("Innehåll")
    r.bold, r.font.size, r.font.color.rgb = True, Pt(16), ACCENT
    # Word fills in the field (with page numbers) when the document is opened; the
    # placeholder lists the headings so the contents show even before that.
    p = doc.add_paragraph()
    _field(p, 'TOC \\o "1-2" \\h \\z \\u',
           "\n".join(("    " if h.level == 2 else "") + h.full for h in document.toc_entries))
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _table(doc, table: Table) -> None:
    if table.caption:
        cap = doc.add_paragraph(table.caption, style="Caption")
        cap.paragraph_format.keep_with_next = True
    size = 8 if table.small else 9
    numeric = table.numeric_columns
    widths = [Cm(TEXT_WIDTH_CM * w) for w in table.column_widths]
    has_header = any(table.headers)
    t = doc.add_table(rows=0, cols=len(table.headers))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False

    def fill(cell, value: str, *, bold=False, right=False, width=None):
        cell.text = ""
        para = cell.paragraphs[0]
        para.paragraph_format.space_after = Pt(0)
        run = para.add_run(value)
        run.font.size = Pt(size)
        run.bold = bold or None
        if right:
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if width is not None:
            cell.width = width

    if has_header:
        row = t.add_row()
        _repeat_header(row)
        for i, (cell, header) in enumerate(zip(row.cells, table.headers, strict=True)):
            fill(cell, header, bold=True, right=numeric[i], width=widths[i])
            _shade(cell, "E8EEF4")
    for r in table.rows:
        row = t.add_row()
        _keep_row_together(row)
        if r.style == "group":
            merged = row.cells[0].merge(row.cells[-1]) if len(row.cells) > 1 else row.cells[0]
            fill(merged, r.cells[0].text, bold=True)
            _shade(merged, "F2F5F8")
            continue
        bold = r.style in ("sum", "total")
        for i, (cell, c) in enumerate(zip(row.cells, r.cells, strict=True)):
            fill(cell, c.text, bold=bold, right=c.numeric, width=widths[i])
    doc.add_paragraph().paragraph_format.space_after = Pt(2)


def _swot(doc, swot: Swot) -> None:
    t = doc.add_table(rows=3, cols=3)
    t.style = "Table Grid"
    t.autofit = False
    widths = (Cm(3.0), Cm(6.5), Cm(6.5))
    grid = (("", "Positiva faktorer", "Negativa faktorer"),
            ("Interna faktorer", ("Styrkor", swot.strengths), ("Svagheter", swot.weaknesses)),
            ("Externa faktorer", ("Möjligheter", swot.opportunities), ("Hot", swot.threats)))
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            cell = t.cell(r, c)
            cell.width = widths[c]
            para = cell.paragraphs[0]
            if isinstance(value, str):
                para.add_run(value).bold = True
                if r == 0 or c == 0:
                    _shade(cell, "E8EEF4" if r == 0 else "F2F5F8")
                continue
            title, items = value
            para.add_run(title).bold = True
            for item in items:
                p = cell.add_paragraph(f"• {item}")
                p.paragraph_format.left_indent = Cm(0.4)
                p.paragraph_format.first_line_indent = Cm(-0.3)
                p.paragraph_format.space_after = Pt(1)
                for run in p.runs:
                    run.font.size = Pt(9)
    doc.add_paragraph()


def _list(doc, block: ItemList) -> None:
    for n, item in enumerate(block.items, start=1):
        if block.ordered:
            # Numbers as text: Word's list numbering would continue across separate lists.
            p = doc.add_paragraph()
            p.paragraph_format.left_indent = Cm(0.8 + 0.6 * item.depth)
            p.paragraph_format.first_line_indent = Cm(-0.6)
            p.add_run(f"{n}.\t")
        else:
            style = "List Bullet" if item.depth == 0 else f"List Bullet {min(item.depth + 1, 3)}"
            p = doc.add_paragraph(style=style)
        p.paragraph_format.space_after = Pt(2)
        _add_runs(p, item.runs)


def _paragraph(doc, block: Paragraph) -> None:
    style = "Quote" if block.style == "quote" else None
    p = doc.add_paragraph(style=style)
    size = 9 if block.style == "note" else None
    _add_runs(p, block.runs, size)
    if block.style == "note":
        for run in p.runs:
            run.font.color.rgb = MUTED
    if block.style in ("address", "meta"):
        p.paragraph_format.space_after = Pt(2)
    if block.style == "closing":
        p.paragraph_format.space_before = Pt(14)


def _signatures(doc, block: Signatures) -> None:
    doc.add_paragraph(f"{block.place_line}: ______________________________")
    for name in block.names:
        p = doc.add_paragraph()
        p.paragraph_format.space_before = Pt(24)
        p.paragraph_format.keep_together = True
        p.add_run("______________________________")
        p.add_run().add_break()
        p.add_run(name).font.size = Pt(9)


def render_docx(document: Document) -> bytes:
    doc = WordDocument()
    _setup(doc, document)
    if document.title_page:
        _title_page(doc, document)
    if document.toc:
        _toc(doc, document)
    for block in document.blocks:
        if isinstance(block, Heading):
            doc.add_heading(block.full, level=min(block.level, 4))
        elif isinstance(block, Paragraph):
            _paragraph(doc, block)
        elif isinstance(block, ItemList):
            _list(doc, block)
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, Chart):
            from . import charts  # matplotlib loads slowly: import on first chart

            doc.add_picture(io.BytesIO(charts.png(block)), width=Cm(TEXT_WIDTH_CM))
            doc.add_paragraph(block.title, style="Caption")
        elif isinstance(block, Swot):
            _swot(doc, block)
        elif isinstance(block, Signatures):
            _signatures(doc, block)
        elif isinstance(block, PageBreak):
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()

