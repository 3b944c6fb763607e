"""`interviewer serve`: interviews in the browser, one invitation link at a time.

Built on textual-serve's `AppService` (one app process per websocket, Textual's web driver) and
its static assets (xterm.js); this package adds who may open what. Not part of the headless
core: only `interviewer.cli` imports it, and only for `serve`.
"""
