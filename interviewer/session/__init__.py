"""The application layer: what the front ends (the app, plain and JSON lines, the browser, the
command line) share. Starting, resuming, consenting to, pausing, following, facilitating and
migrating a session live here; the front ends call these, and these call the engine, scoring
and the store."""
