#!/usr/bin/python3
"""Reads a report HTML page with Python's own HTML parser and prints, as JSON, its printed lines in
order (one per h1/h2/h3/p, one per table row with the cells joined by a tab, <br> as a line feed),
the <title>, and anything that would run or load: script elements, event-handler attributes,
external references.

Usage: /usr/bin/python3 read_html.py FILE.html
"""
import json
import re
import sys
from html.parser import HTMLParser

BLOCKS = {"h1", "h2", "h3", "p"}


class Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines, self.scripts, self.handlers, self.external = [], 0, [], []
        self.title, self.in_title, self.text, self.row, self.cell = "", False, None, None, None
        self.style = ""
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(name)
            if name in ("src", "href", "action", "srcset") and value:
                self.external.append(value)
        if tag == "script":
            self.scripts += 1
        elif tag in ("link", "iframe", "object", "embed", "img"):
            self.external.append(tag)
        elif tag == "title":
            self.in_title = True
        elif tag == "style":
            self.in_style = True
        elif tag in BLOCKS:
            self.text = ""
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = ""
        elif tag == "br" and self.cell is not None:
            self.cell += "\n"

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        elif tag == "style":
            self.in_style = False
        elif tag in BLOCKS and self.text is not None:
            self.lines.append(self.text)
            self.text = None
        elif tag in ("td", "th") and self.cell is not None:
            self.row.append(self.cell)
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.lines.append("\t".join(self.row))
            self.row = None

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        elif self.in_style:
            self.style += data
        elif self.cell is not None:
            self.cell += data
        elif self.text is not None:
            self.text += data


def main(path):
    with open(path, encoding="utf-8") as f:
        reader = Reader()
        reader.feed(f.read())
        reader.close()
    if re.search(r"@import|url\(", reader.style):
        reader.external.append("css")
    print(json.dumps({"lines": reader.lines, "title": reader.title, "scripts": reader.scripts,
                      "handlers": reader.handlers, "external": reader.external}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
