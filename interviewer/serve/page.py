"""The page a link opens: textual-serve's terminal (its textual.js and xterm.css), pointed at
this link's websocket. Written here rather than taken from textual-serve's template so the page
has no inline script and loads nothing from other sites (its template does both), which lets
the Content-Security-Policy stay strict. Its one script of ours, window.js, shows what the
server tells the window (a refused paste, why it was closed)."""

from __future__ import annotations

from html import escape
from pathlib import Path

WINDOW_JS = Path(__file__).with_name("window.js").read_bytes()

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{title}</title>
<link rel="stylesheet" href="{static}css/xterm.css">
<script src="{script}"></script>
<script src="{static}js/textual.js"></script>
<style>
@font-face {{ font-family: "Roboto Mono";
  src: url("{static}fonts/RobotoMono-VariableFont_wght.ttf") format("truetype"); }}
html, body {{ margin: 0; height: 100%; background: #0c181f; }}
body {{ font-family: "Roboto Mono", Monaco, "Courier New", monospace; }}
.textual-terminal {{ width: 100vw; height: 100vh; opacity: 0; }}
body.-first-byte .textual-terminal {{ opacity: 1; }}
.notice {{ position: absolute; inset: 0; display: flex; align-items: center;
  justify-content: center; color: rgba(255,255,255,0.95); text-align: center; }}
body.-first-byte .opening, .closed {{ display: none; }}
body.-closed .closed {{ display: flex; background: #0c181f; z-index: 10; }}
a {{ color: #ac5af4; }}
#notice {{ position: absolute; top: 0; left: 0; right: 0; z-index: 20; margin: 0;
  padding: 0.6em 1em; background: #ac5af4; color: #fff; text-align: center; }}
#notice[hidden] {{ display: none; }}
</style>
</head>
<body>
<div class="notice opening"><p>Opening {title}…</p></div>
<div class="notice closed"><p><span id="closed-reason">{closed}</span><br><br>
<a href="">Open it again</a></p></div>
<p id="notice" role="status" aria-live="polite" hidden></p>
<div id="terminal" class="textual-terminal" data-session-websocket-url="{ws}"
  data-font-size="{font_size}"></div>
</body>
</html>
"""

_MESSAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1>{title}</h1><p>{text}</p></body></html>
"""


def app_page(
    title: str, websocket_url: str, static_url: str, script_url: str, font_size: int = 16
) -> str:
    return _PAGE.format(
        title=escape(title),
        ws=escape(websocket_url),
        static=escape(static_url),
        script=escape(script_url),
        font_size=font_size,
        closed=escape(
            "The window is closed; your answers are saved. Open the link again to continue."
        ),
    )


def message_page(title: str, text: str) -> str:
    return _MESSAGE.format(title=escape(title), text=escape(text))
