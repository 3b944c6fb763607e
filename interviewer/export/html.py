"""One standalone HTML file: the Markdown report rendered by markdown-it with raw HTML off,
inline CSS, and the chart as inline SVG."""

from __future__ import annotations

from html import escape

from markdown_it import MarkdownIt

from interviewer.export.chart_svg import profile_svg
from interviewer.export.markdown import render_markdown
from interviewer.export.report_data import ReportData
from interviewer.textsafe import one_line

CHART_MARK = "chart:maturity-profile"

CSS = """
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; color: #1b1b1b; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #ccc; padding: .3rem .6rem; text-align: left; vertical-align: top; }
th { background: #f2f4f7; }
blockquote { border-left: 4px solid #c9d6e8; margin: .5rem 0; padding: .2rem .8rem;
             color: #333; background: #f8fafc; }
del { color: #777; }
figure { margin: 1rem 0; }
"""


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table").enable("strikethrough")


def standalone(markdown: str, title: str) -> str:
    """A Markdown document as one HTML file (raw HTML in the Markdown is shown as text)."""
    return _page(_parser().render(markdown), title)


def _page(body: str, title: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(one_line(title))}</title><style>{CSS}</style></head>\n"
        f"<body>\n{body}</body></html>\n"
    )


def render_html(data: ReportData) -> str:
    md = render_markdown(data, chart_link=CHART_MARK)
    body = _parser().render(md)
    covered = [d for d in data.card.dimensions.values() if d.covered]
    overrides = {k: o.level for k, o in data.notes.overrides.items()} if data.notes else {}
    chart = f"<figure>{profile_svg(covered, overrides)}</figure>"
    alt = "Maturity profile: score, range, self-rating and target"
    body = body.replace(f'<p><img src="{CHART_MARK}" alt="{alt}" /></p>', chart)
    return _page(body, data.title)
