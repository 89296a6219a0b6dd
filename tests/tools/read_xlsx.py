#!/usr/bin/python3
"""Reads an .xlsx with openpyxl (an implementation independent of ours) and prints, as JSON, every
sheet's cells (value, openpyxl data type, number format, bold, quote prefix), merged ranges, frozen panes, autofilter,
column widths and print set-up, plus the workbook's creation date and the zip entries.

Usage: /usr/bin/python3 read_xlsx.py FILE.xlsx   (Debian's python3 with python3-openpyxl)
"""
import json
import sys
import zipfile

import openpyxl
from openpyxl.utils import get_column_letter


def main(path):
    wb = openpyxl.load_workbook(path)  # not data_only: a formula would show as data type "f"
    sheets = []
    for ws in wb.worksheets:
        cells = []
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                cells.append({"ref": c.coordinate, "row": c.row, "col": c.column, "value": c.value,
                              "type": c.data_type, "format": c.number_format, "bold": bool(c.font.b),
                              "quote_prefix": bool(c.quotePrefix)})
        widths = {}
        for i in range(1, ws.max_column + 1):
            dim = ws.column_dimensions.get(get_column_letter(i))
            if dim is not None and dim.width is not None:
                widths[str(i)] = dim.width
        sheets.append({"name": ws.title, "freeze_panes": ws.freeze_panes, "cells": cells, "widths": widths,
                       "merged": sorted(str(r) for r in ws.merged_cells.ranges), "autofilter": ws.auto_filter.ref,
                       "print_title_rows": ws.print_title_rows, "paper_size": ws.page_setup.paperSize,
                       "orientation": ws.page_setup.orientation})
    with zipfile.ZipFile(path) as z:
        entries = [{"name": i.filename, "date_time": list(i.date_time)} for i in z.infolist()]
        bad = z.testzip()
    created = wb.properties.created
    print(json.dumps({"sheets": sheets, "created": created.isoformat() if created else None,
                      "title": wb.properties.title, "zip": entries, "zip_bad_entry": bad},
                     ensure_ascii=False, default=str))


if __name__ == "__main__":
    main(sys.argv[1])
