"""One standalone HTML file: the Markdown report rendered by markdown-it with raw HTML off,
inline CSS, and charts as inline SVG.

Each `##` section is wrapped in a `<section>`, the transcript's marked as the appendix. Printed
(or saved as PDF from a browser), every section after the first starts a new page, the
transcript is set smaller, table rows and figures are never split across pages, and no
background is needed to read anything.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape

from markdown_it import MarkdownIt

from interviewer.export.chart_svg import profile_svg
from interviewer.export.markdown import render_markdown
from interviewer.export.report_data import ReportData
from interviewer.textsafe import one_line

CHART_MARK = "chart:maturity-profile"
APPENDIX = re.compile(r"<h2>(?:Appendix|Transcript)\b", re.I)  # the transcript's heading

CSS = """
:root { color-scheme: light; }
body { font: 15px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 58rem;
       margin: 2rem auto; padding: 0 1.2rem; color: #1b1b1b; background: #fff; }
h1 { font-size: 1.7rem; line-height: 1.25; margin: 0 0 .6rem; }
h2 { font-size: 1.3rem; margin: 2.4rem 0 .8rem; padding-bottom: .2rem;
     border-bottom: 2px solid #d5dbe3; }
h3 { font-size: 1.08rem; margin: 1.6rem 0 .4rem; }
p, ul, ol { margin: .5rem 0; }
li { margin: .15rem 0; }
table { border-collapse: collapse; margin: 1rem 0; font-size: .92rem; width: 100%; }
th, td { border: 1px solid #cfd5dd; padding: .35rem .55rem; text-align: left;
         vertical-align: top; }
th { background: #eef2f7; }
tbody tr:nth-child(even) { background: #fafbfc; }
blockquote { border-left: 4px solid #c9d6e8; margin: .5rem 0; padding: .2rem .8rem;
             color: #333; background: #f8fafc; }
code { font-size: .9em; background: #f2f4f7; padding: 0 .2em; border-radius: 3px; }
del { color: #777; }
figure { margin: 1.2rem 0; }
figure svg { max-width: 100%; height: auto; }
section.appendix { font-size: .93rem; }
section.appendix h3 { font-size: 1rem; margin-top: 1.2rem; }
@page { size: A4; margin: 18mm 16mm 20mm; }
@media print {
  body { font-size: 10.5pt; line-height: 1.45; max-width: none; margin: 0; padding: 0; }
  * { background: transparent !important; box-shadow: none !important; }
  h2 { margin-top: 0; }
  table { font-size: 8.5pt; line-height: 1.35; }
  th, td { border-color: #999; padding: 2pt 4pt; hyphens: auto; }
  th { border-bottom: 2px solid #777; }
  blockquote { border-left-color: #999; }
  section + section > h2:first-child { break-before: page; page-break-before: always; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr, figure, blockquote, li { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  p { orphans: 3; widows: 3; }
  section.appendix { font-size: 9pt; }
  a { color: inherit; text-decoration: none; }
}
"""

_H2 = re.compile(r"(?=<h2>)")
_FIGURE = '<p><img src="{mark}" alt="[^"]*" /></p>'


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table").enable("strikethrough")


def standalone(markdown: str, title: str, figures: Mapping[str, str] | None = None) -> str:
    """A Markdown document as one HTML file (raw HTML in the Markdown is shown as text).

    `figures` maps an image link's target to the SVG drawn in its place: an image alone in a
    paragraph, `![words](MARK)`, becomes `<figure>` + the SVG (the chart in a report)."""
    body = _parser().render(markdown)
    for mark, svg in (figures or {}).items():
        body = _place(body, mark, f"<figure>{svg}</figure>")
    return _page(_sections(body), title)


def _place(body: str, mark: str, figure: str) -> str:
    pattern = re.compile(_FIGURE.format(mark=re.escape(escape(mark))))
    return pattern.sub(lambda _: figure, body)


def _sections(body: str) -> str:
    """Each `<h2>` and what follows it as a `<section>`; the transcript's is the appendix."""
    head, *parts = _H2.split(body)
    out = [head]
    for part in parts:
        kind = ' class="appendix"' if APPENDIX.match(part) else ""
        out.append(f"<section{kind}>\n{part}</section>\n")
    return "".join(out)


def _page(body: str, title: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(one_line(title))}</title><style>{CSS}</style></head>\n"
        f"<body>\n{body}</body></html>\n"
    )


def render_html(data: ReportData) -> str:
    md = render_markdown(data, chart_link=CHART_MARK)
    covered = [d for d in data.card.dimensions.values() if d.covered]
    overrides = {k: o.level for k, o in data.notes.overrides.items()} if data.notes else {}
    levels = {n: level.name for n, level in data.script.levels.items()}
    chart = profile_svg(covered, overrides, levels)
    return standalone(md, data.title, {CHART_MARK: chart})
