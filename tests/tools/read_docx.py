#!/usr/bin/python3
"""Reads a .docx with python-docx (an implementation independent of ours) and prints what the report
tests check as JSON: the body in order (paragraphs with their style, tables with their cells), the
sections' page geometry and document grid, the styles' fonts, the footers and the zip entries.

Usage: /usr/bin/python3 read_docx.py FILE.docx   (Debian's python3 with python3-docx)
"""
import json
import sys
import zipfile

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph


def alignment(p):
    value = p.paragraph_format.alignment
    if value is None and p.style is not None:
        value = p.style.paragraph_format.alignment
    return None if value is None else str(value).split(" ")[0].split(".")[-1]


def paragraph_item(p):
    return {"type": "p", "style": p.style.name if p.style is not None else None,
            "text": p.text, "alignment": alignment(p)}


def table_item(t):
    tbl = t._tbl
    borders = {}
    tbl_borders = tbl.tblPr.find(qn("w:tblBorders"))
    if tbl_borders is not None:
        for side in tbl_borders:
            borders[side.tag.split("}")[1]] = side.get(qn("w:val"))
    rows, header, cell_alignment = [], [], []
    for tr in t.rows:
        rows.append([c.text for c in tr.cells])
        trpr = tr._tr.trPr
        header.append(trpr is not None and trpr.find(qn("w:tblHeader")) is not None)
        cell_alignment.append([alignment(c.paragraphs[0]) for c in tr.cells])
    grid = [int(col.get(qn("w:w"))) for col in tbl.tblGrid.findall(qn("w:gridCol"))]
    return {"type": "table", "rows": rows, "header": header, "borders": borders, "grid": grid,
            "alignment": cell_alignment}


def fonts(element):
    rpr = element.find(qn("w:rPr")) if element is not None else None
    out = {}
    if rpr is None:
        return out
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is not None:
        for key in ("ascii", "hAnsi", "eastAsia", "cs"):
            if rfonts.get(qn("w:" + key)) is not None:
                out[key] = rfonts.get(qn("w:" + key))
    sz = rpr.find(qn("w:sz"))
    if sz is not None:
        out["size_pt"] = int(sz.get(qn("w:val"))) / 2
    out["bold"] = rpr.find(qn("w:b")) is not None
    return out


def footer_item(footer):
    element = footer._element
    return {"text": "\n".join(p.text for p in footer.paragraphs),
            "alignment": [alignment(p) for p in footer.paragraphs],
            "fields": [i.text.strip() for i in element.iter(qn("w:instrText"))],
            "style": [p.style.name for p in footer.paragraphs]}


def main(path):
    d = docx.Document(path)
    body = []
    for child in d.element.body.iterchildren():
        if child.tag == qn("w:p"):
            body.append(paragraph_item(Paragraph(child, d)))
        elif child.tag == qn("w:tbl"):
            body.append(table_item(Table(child, d)))
    sections = []
    for s in d.sections:
        grid = s._sectPr.find(qn("w:docGrid"))
        sections.append({
            "page_width_twips": s.page_width.twips, "page_height_twips": s.page_height.twips,
            "orientation": "landscape" if s.orientation == 1 else "portrait",
            "top_mm": round(s.top_margin.mm, 1), "bottom_mm": round(s.bottom_margin.mm, 1),
            "left_mm": round(s.left_margin.mm, 1), "right_mm": round(s.right_margin.mm, 1),
            "doc_grid": {k: grid.get(qn("w:" + k)) for k in ("type", "linePitch", "charSpace")},
            "footer": footer_item(s.footer), "even_footer": footer_item(s.even_page_footer),
        })
    styles = {}
    for st in d.styles:
        if st.type == 1:  # paragraph styles
            entry = fonts(st.element)
            ppr = st.element.find(qn("w:pPr"))
            spacing = ppr.find(qn("w:spacing")) if ppr is not None else None
            if spacing is not None and spacing.get(qn("w:line")) is not None:
                entry["line"] = int(spacing.get(qn("w:line")))
                entry["line_rule"] = spacing.get(qn("w:lineRule"))
            ind = ppr.find(qn("w:ind")) if ppr is not None else None
            if ind is not None and ind.get(qn("w:firstLineChars")) is not None:
                entry["first_line_chars"] = int(ind.get(qn("w:firstLineChars")))
            entry["alignment"] = None if st.paragraph_format.alignment is None else \
                str(st.paragraph_format.alignment).split(" ")[0].split(".")[-1]
            styles[st.name] = entry
    defaults = d.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    with zipfile.ZipFile(path) as z:
        entries = [{"name": i.filename, "date_time": list(i.date_time), "compress_type": i.compress_type}
                   for i in z.infolist()]
        bad = z.testzip()
    print(json.dumps({
        "body": body, "sections": sections, "styles": styles, "defaults": fonts(rpr_default),
        "odd_and_even": d.settings.odd_and_even_pages_header_footer,
        "title": d.core_properties.title, "zip": entries, "zip_bad_entry": bad,
    }, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
