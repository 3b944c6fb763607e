"""Command line: `interviewer start|resume|list|validate|graph|export|report|...`.

Anything a user can get wrong ends in a one-line message and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from interviewer import startup_gc
from interviewer.script import ScriptError, load_script, validate
from interviewer.store import SessionStore, StoreError, default_root, list_sessions
from interviewer.textsafe import one_line
from interviewer.whole_numbers import whole_number

if TYPE_CHECKING:
    from datetime import date

    from interviewer.frontends.session_runner import SessionRunner
    from interviewer.store import InvitationStore


def _sessions_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sessions-dir",
        metavar="DIR",
        default=None,
        help="where sessions live (default: $INTERVIEWER_SESSIONS_DIR, then ./sessions)",
    )


def _as(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as",
        dest="who",
        default=os.environ.get("USER") or "facilitator",
        metavar="NAME",
        help="the facilitator's name (default: $USER)",
    )


def _facilitate(args: argparse.Namespace) -> int:
    from interviewer.export.session_check import checked_session
    from interviewer.frontends.facilitation import record

    store = _store(args)
    checked_session(store, args.id)  # what is damaged, in one line, before anything is written
    if args.command == "annotate":
        rec = record(
            store, args.id, args.who, "annotation", turn=args.turn, note=args.note, tags=args.tag
        )
        print(f"Noted on turn {args.turn} ({getattr(rec, 'step', '?')}) as {args.who}.")
    elif args.command == "override":
        record(
            store,
            args.id,
            args.who,
            "override",
            dimension=args.dimension,
            level=args.level,
            reason=args.reason,
        )
        print(f"{args.dimension} set to level {args.level} by {args.who}.")
    else:
        record(store, args.id, args.who, "ask", text=args.text)
        print("Question queued: it is asked after the interviewee's current question.")
    return 0


def _export(args: argparse.Namespace) -> int:
    from interviewer.export.report_data import gather

    _check_redact(args)
    store = _store(args)
    data = gather(store, args.id, with_notes=args.with_notes)
    name = data.session_id
    if args.anonymise:
        from interviewer.export.anonymise import anonymise, file_stem

        name = file_stem(data.interview.track.key, data.session_id)  # never the id itself
        data = anonymise(store, data, args.redact)
    target = _target(args.output, f"{name}.{args.format}")
    if args.format == "json":
        from interviewer.export.json_export import render_json

        text = json.dumps(render_json(data), indent=1, ensure_ascii=False) + "\n"
    elif args.format == "html":
        from interviewer.export.html import render_html

        text = render_html(data)
    else:
        from interviewer.export.chart_svg import profile_svg
        from interviewer.export.markdown import render_markdown

        link = None
        if target is not None:
            chart = target.with_name(f"{target.stem}-profile.svg")
            covered = [d for d in data.card.dimensions.values() if d.covered]
            overrides = {k: o.level for k, o in data.notes.overrides.items()} if data.notes else {}
            levels = {n: level.name for n, level in data.script.levels.items()}
            _write_file(chart, profile_svg(covered, overrides, levels=levels))
            link = chart.name
        text = render_markdown(data, chart_link=link)
    _write(text, target)
    return 0


def _report(args: argparse.Namespace) -> int:
    from interviewer.export.org_report import (
        build,
        org_chart_svg,
        render_org_html,
        render_org_json,
        render_org_markdown,
    )

    _check_redact(args)
    name = _slug(args.org)
    if args.anonymise:
        from interviewer.export.anonymise import file_stem

        name = file_stem("org", args.org)  # the organisation is not in the file name either
    target = _target(args.output, f"{name}.{args.format}")
    report = build(_store(args), args.org, args.date, args.anonymise, args.redact)
    if args.format == "json":
        text = json.dumps(render_org_json(report), indent=1, ensure_ascii=False) + "\n"
    elif args.format == "html":
        text = render_org_html(report)
    else:
        link = None
        svg = org_chart_svg(report) if target is not None else None
        if target is not None and svg is not None:
            chart = target.with_name(f"{target.stem}-maturity.svg")
            _write_file(chart, svg)
            link = chart.name
        text = render_org_markdown(report, chart_link=link)
    _write(text, target)
    return 0


def _check_redact(args: argparse.Namespace) -> None:
    if args.redact and not args.anonymise:
        raise StoreError("--redact goes with --anonymise: --anonymise --redact WORD")
    if any(not word.strip() for word in args.redact):
        raise StoreError("--redact needs a word or name, like --redact 'Jo Bloggs'")


def _anonymise_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--anonymise",
        "--anonymize",
        action="store_true",
        help="replace names, the organisation, e-mail addresses and phone numbers; leave out "
        "session ids and times of day",
    )
    p.add_argument(
        "--redact",
        action="append",
        default=[],
        metavar="WORD",
        help="with --anonymise: also replace this word or name with [redacted]; repeatable",
    )


def _slug(name: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", name.lower())) or "organisation"


def _target(output: str | None, default_name: str) -> Path | None:
    """Where `-o` asks for the file: a path ending in '/' or naming an existing folder means
    that folder, with the default file name; a folder that does not exist is refused."""
    if output is None:
        return None
    path = Path(output)
    if output.endswith(("/", os.sep)) or path.is_dir():
        if not path.is_dir():
            raise StoreError(f"cannot write into {output}: there is no such folder")
        return path / default_name
    if not path.parent.is_dir():
        problem = "is not a folder" if path.parent.exists() else "does not exist"
        raise StoreError(f"cannot write {output}: the folder {path.parent} {problem}")
    return path


def _write(text: str, target: Path | None) -> None:
    if target is None:
        sys.stdout.write(text)
        return
    _write_file(target, text)
    print(f"Wrote {target}")


def _write_file(path: Path, text: str) -> None:
    """Reports hold what people said: a new file is private (0600, whatever the umask); a file
    that is already there is overwritten in place and keeps the mode its owner gave it."""
    data = text.encode("utf-8")
    try:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            fd = os.open(path, os.O_WRONLY | os.O_TRUNC)
        else:
            os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from None


def _mode(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--plain", action="store_true", help="a readable line-by-line conversation")
    group.add_argument("--jsonl", action="store_true", help="JSON lines for programs")
    # without either, the Textual app opens straight in the conversation
    parser.add_argument(
        "--my-copy",
        default=None,
        metavar="FOLDER",
        help="at the end, save your own copy (answers and profile, no facilitator's notes) here",
    )


def _start_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--role",
        required=True,
        help="track: executive, tech-lead, data-science, ml-engineering, platform or full",
    )
    p.add_argument("--org", default=None, help="organisation")
    p.add_argument("--participant", default=None, metavar="NAME", help="who is interviewed")
    p.add_argument("--script", default=None, metavar="PATH", help="interview script (YAML)")
    _mode(p)


def _resume_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID")
    _mode(p)


def _list_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--org", default=None)
    p.add_argument("--json", action="store_true", help="one JSON array")


def _validate_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="PATH")
    p.add_argument(
        "--against",
        metavar="OLD",
        default=None,
        help="also list what PATH changes for sessions on the script OLD, track by track",
    )
    p.add_argument("--json", action="store_true", help="one JSON object")


def _migrate_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID")
    p.add_argument(
        "--script", required=True, metavar="PATH", help="the new version of the session's script"
    )


def _shadow_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID")
    _as(p)


def _annotate_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID")
    p.add_argument("--turn", type=_whole, required=True, metavar="N", help="the N-th answer")
    p.add_argument("--note", default="", metavar="TEXT")
    p.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="T",
        help="quote, pain, risk, follow-up, disagree, or any word; repeatable",
    )
    _as(p)


def _override_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID")
    p.add_argument("--dimension", required=True, metavar="KEY")
    p.add_argument("--level", type=_whole, required=True, metavar="L")
    p.add_argument("--reason", required=True, metavar="TEXT")
    _as(p)


def _ask_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID")
    p.add_argument("--text", required=True, metavar="TEXT")
    _as(p)


def _export_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID")
    p.add_argument("--format", choices=("md", "html", "json"), default="md")
    p.add_argument(
        "--with-notes",
        action="store_true",
        help="include the facilitators' notes, tags and overrides",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        default=None,
        help="write here (Markdown also gets its chart as PATH-profile.svg)",
    )
    _anonymise_args(p)


def _report_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--org", required=True)
    p.add_argument("--format", choices=("md", "html", "json"), default="md")
    p.add_argument("-o", "--output", metavar="PATH", default=None)
    p.add_argument(
        "--date",
        type=_iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the report's date: the post-discovery weeks count from it (default: today)",
    )
    _anonymise_args(p)


def _iso_date(text: str) -> date:
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-12-01") from None


def _serve_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=_whole, default=8000, help="port (default: 8000)")
    p.add_argument(
        "--public-url",
        default=None,
        metavar="URL",
        help="the address browsers use, behind a reverse proxy (e.g. https://interviews.example)",
    )
    p.add_argument(
        "--max-sessions",
        type=_positive_int,
        default=20,
        metavar="N",
        help="app processes open at once; over it a page says the server is full (default: 20)",
    )
    p.add_argument(
        "--idle-minutes",
        type=float,
        default=30.0,
        metavar="M",
        help="an interview nobody types in for M minutes is paused (default: 30)",
    )


def _whole(text: str) -> int:
    number = whole_number(text)
    if number is None:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a whole number")
    return number


def _positive_int(text: str) -> int:
    number = whole_number(text)
    if number is None or number < 1:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a positive whole number")
    return number


def _graph_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--role", default=None, help="track to draw (default: full)")
    p.add_argument("--script", default=None, metavar="PATH")


def _invite_args(p: argparse.ArgumentParser) -> None:
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--role", default=None, help="an interviewee's link for this track")
    what.add_argument("--shadow", default=None, metavar="ID", help="a facilitator's link")
    what.add_argument("--list", action="store_true", help="every invitation and its status")
    what.add_argument("--revoke", default=None, metavar="PREFIX", help="an invitation's id")
    p.add_argument("--org", default=None, help="organisation (with --role)")
    p.add_argument("--participant", default=None, metavar="NAME", help="who (with --role)")
    p.add_argument("--as", dest="who", default=None, metavar="NAME", help="facilitator's name")
    p.add_argument(
        "--expires", default="14d", metavar="WHEN", help="14d, 12h, 30m or never (default: 14d)"
    )
    p.add_argument(
        "--public-url",
        default="http://127.0.0.1:8000",
        metavar="URL",
        help="where `interviewer serve` is reached (default: http://127.0.0.1:8000)",
    )


def _by_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--by",
        default=None,
        metavar="NAME",
        help="who deletes, for the deletion log (default: your user name)",
    )


def _delete_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation (scripts)")
    p.add_argument(
        "--force", action="store_true", help="delete it even while it is open in a window"
    )
    _by_arg(p)


def _purge_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--older-than",
        required=True,
        metavar="AGE",
        help="untouched for this long: 180d, 26w or 6m (months of 30 days)",
    )
    p.add_argument("--org", default=None, help="only this organisation's sessions")
    p.add_argument("--dry-run", action="store_true", help="list what would go; delete nothing")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation (scripts)")
    _by_arg(p)


COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "start": ("start a new interview", _start_args),
    "resume": ("resume a paused interview", _resume_args),
    "list": ("list sessions", _list_args),
    "validate": ("check an interview script", _validate_args),
    "migrate": ("move a session to a new version of its script", _migrate_args),
    "shadow": ("follow a session live as a facilitator", _shadow_args),
    "annotate": ("add a facilitator's note and tags to a turn", _annotate_args),
    "override": ("set a dimension's level, with a reason", _override_args),
    "ask": ("push a follow-up question into a running interview", _ask_args),
    "export": ("a session's report and transcript: Markdown, HTML or JSON", _export_args),
    "report": ("one assessment for an organisation from its sessions", _report_args),
    "graph": ("print the interview's state machine as Mermaid", _graph_args),
    "serve": ("serve invitation links: interviews in the browser", _serve_args),
    "invite": ("a link that opens an interview, or follows one, in a browser", _invite_args),
    "delete": ("delete a session and every file of it", _delete_args),
    "purge": ("delete completed and abandoned sessions older than an age", _purge_args),
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or just the top level and `only`'s arguments: building every
    subcommand's parser is a measurable part of opening the app."""
    parser = argparse.ArgumentParser(
        prog="interviewer",
        description="Adaptive MLOps maturity discovery interviews. Without a command, opens the "
        "app's home screen.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (summary, add_arguments) in COMMANDS.items():
        if only is None or name == only:
            p = sub.add_parser(name, help=summary)
            add_arguments(p)
            _sessions_dir(p)
    return parser


def _store(args: argparse.Namespace) -> SessionStore:
    """The sessions folder, with any deletion a crash cut short finished first."""
    from interviewer.store.pending_deletion import finish_pending

    store = SessionStore(args.sessions_dir if args.sessions_dir else default_root())
    finish_pending(store.root)
    for warning in store.warnings():
        if warning not in _WARNED:
            _WARNED.add(warning)
            print(f"interviewer: warning: {one_line(warning)}", file=sys.stderr)
    return store


_WARNED: set[str] = set()


def _warnings_to_stderr() -> None:
    """What the core logs as a warning (a damaged line in a facilitator's notes, an expression
    that failed and counted as false) is one line on stderr for the line-based commands; the
    full-screen apps never have their terminal written to behind their back."""
    import logging

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("interviewer: warning: %(message)s"))
    logger = logging.getLogger("interviewer")
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)


def _run_app(args: argparse.Namespace) -> int:
    startup_gc.hold()  # released once the first screen is painted
    from interviewer.tui.app import run_app

    sessions = _store(args).root  # its warnings are printed before the app takes the screen
    if args.command == "start":
        return run_app(
            sessions, args.script, start=(args.role, args.org or "", args.participant or "")
        )
    if args.command == "resume":
        return run_app(sessions, resume=args.id)
    return run_app(sessions, getattr(args, "script", None))


def _run_conversation(args: argparse.Namespace) -> int:
    startup_gc.hold()  # released once the first question is shown
    if args.command == "resume":  # a damaged session is one clear line, in every mode
        _check_resumable(args)
    if not (args.plain or args.jsonl):
        if args.my_copy is not None:  # said before an interview starts, not lost after it
            raise StoreError(
                "--my-copy goes with --plain or --jsonl; in the app, press s on the summary"
            )
        return _run_app(args)
    from interviewer.frontends.jsonl import run_jsonl
    from interviewer.frontends.plain import run_plain

    runner = _open_runner(args)
    startup_gc.release()
    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(errors="replace")  # stray bytes become � rather than a crash
    try:
        run = run_jsonl if args.jsonl else run_plain
        code = run(runner, sys.stdin, sys.stdout, my_copy=args.my_copy)
    except BaseException:
        with contextlib.suppress(StoreError, OSError):  # the first failure is the one to tell
            runner.close()
        raise
    runner.close()
    return code


@contextlib.contextmanager
def _told_to_client(args: argparse.Namespace) -> Iterator[None]:
    """A session that cannot be started or resumed (a full disk, a session open elsewhere):
    a JSON-lines client gets the `error` object the protocol promises on stdout; the command
    line then says it in one line on stderr."""
    try:
        yield
    except Exception as exc:
        if args.jsonl:
            from interviewer.frontends.jsonl import send_error

            send_error(sys.stdout, exc)
        raise


def _check_resumable(args: argparse.Namespace) -> None:
    from interviewer.export.session_check import checked_session
    from interviewer.store import SessionNotFoundError

    store = _store(args)
    with _told_to_client(args):
        try:
            checked_session(store, args.id)
        except SessionNotFoundError as exc:  # the usual cause: another folder's sessions
            raise SessionNotFoundError(
                f"{exc} (sessions are looked for in {os.path.abspath(store.root)}; use "
                "--sessions-dir or $INTERVIEWER_SESSIONS_DIR)"
            ) from None


def _open_runner(args: argparse.Namespace) -> SessionRunner:
    from interviewer.frontends.session_runner import SessionRunner

    store = _store(args)
    with _told_to_client(args):
        if args.command == "start":
            return SessionRunner.start(store, args.role, args.org, args.participant, args.script)
        return SessionRunner.resume(store, args.id)


def _fmt_time(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts)) if ts else "-"


def _list(args: argparse.Namespace) -> int:
    sessions = list_sessions(_store(args), args.org)
    if args.json:
        print(json.dumps([s.to_json() for s in sessions], indent=1))
        return 0
    if not sessions:
        print("No sessions yet. Start one with: interviewer start --role full --plain")
        return 0
    rows = [("ID", "STATUS", "ROLE", "ORG", "PARTICIPANT", "STARTED", "LAST ACTIVITY")]
    for s in sessions:
        rows.append(
            (
                s.id,
                s.status,
                s.role,
                s.org,
                s.participant,
                _fmt_time(s.started),
                _fmt_time(s.last_activity),
            )
        )
    from interviewer.textsafe import strip_control

    cells = [[strip_control(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(cells[0]))]
    for r in cells:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    for s in sessions:
        if s.problem:
            print(f"warning: {s.problem}", file=sys.stderr)
    return 0


def _invite(args: argparse.Namespace) -> int:
    from interviewer.store import InvitationStore, parse_expiry

    store = _store(args)
    invitations = InvitationStore(store.root)
    if args.list:
        return _invite_list(invitations)
    if args.revoke is not None:
        inv = invitations.revoke(args.revoke)
        print(f"Invitation {inv.id} is revoked: its link no longer opens anything.")
        return 0
    if args.role is None and (args.org is not None or args.participant is not None):
        raise StoreError("--org and --participant go with --role (an interviewee's link)")
    if args.shadow is None and args.who is not None:
        raise StoreError("--as goes with --shadow ID (a facilitator's link)")
    url = args.public_url.rstrip("/")
    if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", url):
        raise StoreError(f"{args.public_url!r} is not a public URL like http://127.0.0.1:8000")
    expires_in = parse_expiry(args.expires)
    if args.role is not None:
        token, inv = invitations.create_interviewee(
            args.role, args.org, args.participant, expires_in
        )
        print(f"{url}/i/{token}")
        print(
            f"Invitation {inv.id} ({inv.track}): one interviewee opens it; opening it again "
            f"resumes the same interview. {_expiry_sentence(inv.expires)}"
        )
    else:
        who = args.who or os.environ.get("USER") or "facilitator"
        token, inv = invitations.create_facilitator(args.shadow, who, expires_in)
        print(f"{url}/i/{token}")
        print(
            f"Invitation {inv.id}: {who} follows session {inv.session_id} as a facilitator. "
            f"{_expiry_sentence(inv.expires)}"
        )
    return 0


def _expiry_sentence(expires: float | None) -> str:
    return "It never expires." if expires is None else f"It expires {_fmt_time(expires)}."


def _invite_list(invitations: InvitationStore) -> int:
    from interviewer.textsafe import strip_control

    found = invitations.list()
    if not found:
        print("No invitations yet. Create one with: interviewer invite --role executive")
        return 0
    now = time.time()
    rows = [("ID", "KIND", "ROLE", "ORG", "FOR", "SESSION", "CREATED", "EXPIRES", "STATUS")]
    for inv in found:
        rows.append(
            (
                inv.id,
                inv.kind,
                inv.track or "-",
                inv.org or "-",
                (inv.who if inv.kind == "facilitator" else inv.participant) or "-",
                inv.session_id or "-",
                _fmt_time(inv.created),
                "never" if inv.expires is None else _fmt_time(inv.expires),
                inv.status(now),
            )
        )
    cells = [[strip_control(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(cells[0]))]
    for r in cells:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    return 0


def _deleter(args: argparse.Namespace) -> str:
    """The name the deletion log records: --by, else the user this runs as."""
    import getpass

    name = args.by
    if name is None:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = "unknown"
    name = one_line(name).strip()[:80]
    if not name:
        raise StoreError("--by needs a name, like --by 'Alex Kim'")
    return name


def _confirmed(question: str, accept: tuple[str, ...]) -> bool:
    """Ask on the terminal; without one, refuse rather than delete unasked."""
    if not (sys.stdin and sys.stdin.isatty()):
        raise StoreError(
            "nothing was deleted: confirmation is asked on a terminal and there is none; add "
            "--yes to delete without asking"
        )
    try:
        answer = input(question)
    except EOFError:
        answer = ""
    if answer.strip().lower() in accept:
        return True
    print("Nothing was deleted.")
    return False


def _delete(args: argparse.Namespace) -> int:
    from interviewer.store import SessionNotFoundError
    from interviewer.store.deletion import LOG, delete_session, open_windows

    store = _store(args)
    by = _deleter(args)
    ref = store.ref(args.id)
    try:
        meta = store.meta(args.id)
        what = (
            ", ".join(str(meta.get(k) or "-") for k in ("track", "org", "participant"))
            + f", started {_fmt_time(float(meta.get('started') or 0))}"
        )
    except SessionNotFoundError as exc:
        raise SessionNotFoundError(
            f"{exc} (sessions are looked for in {os.path.abspath(store.root)}; use "
            "--sessions-dir or $INTERVIEWER_SESSIONS_DIR)"
        ) from None
    except StoreError:
        what = "its files cannot be read"
    holders = open_windows(ref) if not args.force else []
    if holders:
        raise StoreError(
            f"session {args.id} is open in a window ({', '.join(holders)}); close it there "
            "first, or add --force to delete it anyway"
        )
    if not args.yes and not _confirmed(
        f"Delete session {args.id} ({one_line(what)}) and every file of it? This cannot be "
        "undone. Type the id or y to delete: ",
        (args.id.lower(), "y", "yes"),
    ):
        return 1
    delete_session(store, args.id, by, force=args.force)
    print(f"Deleted session {args.id} and every file of it; logged in {store.root / LOG}.")
    return 0


def _purge(args: argparse.Namespace) -> int:
    from interviewer.store import SessionLockedError
    from interviewer.store.deletion import (
        LOG,
        KeptError,
        candidates,
        delete_session,
        due,
        due_still,
        parse_age,
    )

    age = parse_age(args.older_than)
    store = _store(args)
    by = _deleter(args) if not args.dry_run else ""
    now = time.time()
    found = candidates(store, args.org)
    for c in found:
        if c.status == "open" and c.last_touched < now - age:
            print(f"Skipped {c.session_id}: it is open in a window.")
        elif c.status == "not a folder":
            print(f"Skipped {c.session_id}: it {c.problem}; it was left as is.")
        elif c.status == "unreadable":
            print(
                f"Skipped {c.session_id}: its files cannot be read ({one_line(c.problem)}); "
                f"`interviewer delete {c.session_id}` removes it."
            )
    todo = due(found, age, now)
    scope = f" of {args.org}" if args.org else ""
    if not todo:
        print(f"No completed or abandoned session{scope} is older than {args.older_than}.")
        return 0
    rows = [("ID", "STATUS", "ORG", "LAST TOUCHED")]
    rows += [(c.session_id, c.status, c.org or "-", _fmt_time(c.last_touched)) for c in todo]
    from interviewer.textsafe import strip_control

    cells = [[strip_control(v) for v in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(cells[0]))]
    for r in cells:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())
    count = f"{len(todo)} session{'s' if len(todo) > 1 else ''}"
    if args.dry_run:
        print(f"Dry run: {count} would be deleted; nothing was.")
        return 0
    if not args.yes and not _confirmed(
        f"Delete these {count} and every file of them? This cannot be undone. [y/N] ",
        ("y", "yes"),
    ):
        return 1
    deleted = 0
    command, recheck = f"purge --older-than {args.older_than}", due_still(age)
    for c in todo:
        try:
            delete_session(store, c.session_id, by, command=command, still_due=recheck)
        except SessionLockedError:
            print(f"Skipped {c.session_id}: it was opened in a window meanwhile.")
            continue
        except KeptError as exc:
            print(f"Kept {c.session_id}: {one_line(str(exc))}.")
            continue
        deleted += 1
    print(f"Deleted {deleted} of {count}; logged in {store.root / LOG}.")
    return 0


def _validate(args: argparse.Namespace) -> int:
    problems = validate(args.path)
    changes: dict[str, object] = {}
    lines: list[str] = []
    if not problems and args.against is not None:
        from interviewer.script.compare import changes_json, describe

        old, new = load_script(args.against), load_script(args.path)
        changes, lines = changes_json(old, new), describe(old, new)
    if args.json:
        print(json.dumps({"ok": not problems, "problems": problems, **changes}, indent=1))
        return 1 if problems else 0
    if problems:
        for line in problems:
            print(line)
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print("ok")
    for line in lines:
        print(line)
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from interviewer.frontends.migration import migrate, moved_lines

    for line in moved_lines(migrate(_store(args), args.id, args.script), args.script):
        print(line)
    return 0


def _graph(args: argparse.Namespace) -> int:
    from interviewer.engine.graph import mermaid

    script = load_script(args.script)
    role = args.role or ("full" if "full" in script.tracks else next(iter(script.tracks)))
    if role not in script.tracks:
        raise StoreError(f"unknown role {role!r}; choose one of: {', '.join(script.tracks)}")
    sys.stdout.write(mermaid(script.tracks[role]))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    try:
        code = _main(argv)
        sys.stdout.flush()  # a reader that has gone away is found here, not at exit
    except BrokenPipeError:  # `interviewer list | head -1`: end quietly, like other tools
        _stdout_to_devnull()
        return 0
    return code


def _stdout_to_devnull() -> None:
    """After a broken pipe, Python would try to flush stdout again at exit and print
    "Exception ignored ... BrokenPipeError": point it at /dev/null (as the Python docs do)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _fail(message: str) -> int:
    print(f"interviewer: {one_line(message)}", file=sys.stderr)
    return 1


def _main(argv: Sequence[str] | None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(only=words[0] if words and words[0] in COMMANDS else None)
    parser.add_argument("--sessions-dir", metavar="DIR", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        return _dispatch(args, parser)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        raise
    except (StoreError, ScriptError, OSError) as exc:
        from interviewer.textsafe import user_message

        return _fail(user_message(exc))
    except Exception as exc:
        from interviewer.engine.errors import EngineError  # loaded already if it raised one
        from interviewer.textsafe import user_message

        if isinstance(exc, EngineError):  # a session the engine cannot replay, say
            return _fail(user_message(exc))
        if os.environ.get("INTERVIEWER_DEBUG"):  # a bug, not the user's doing: still one line
            raise
        return _fail(
            f"unexpected {type(exc).__name__}: {user_message(exc)} "
            "(please report it; INTERVIEWER_DEBUG=1 shows where it happened)"
        )


def _dispatch(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.command is None:
        return _run_app(args)
    line_based = getattr(args, "plain", False) or getattr(args, "jsonl", False)
    if args.command not in ("start", "resume", "shadow") or line_based:
        _warnings_to_stderr()
    if args.command in ("start", "resume"):
        return _run_conversation(args)
    if args.command == "list":
        return _list(args)
    if args.command == "validate":
        return _validate(args)
    if args.command == "migrate":
        return _migrate(args)
    if args.command == "graph":
        return _graph(args)
    if args.command in ("annotate", "override", "ask"):
        return _facilitate(args)
    if args.command == "export":
        return _export(args)
    if args.command == "report":
        return _report(args)
    if args.command == "invite":
        return _invite(args)
    if args.command == "delete":
        return _delete(args)
    if args.command == "purge":
        return _purge(args)
    if args.command == "serve":
        from interviewer.serve.server import serve

        if args.idle_minutes <= 0:
            raise StoreError("--idle-minutes should be more than 0")
        return serve(
            _store(args).root,
            host=args.host,
            port=args.port,
            public_url=args.public_url,
            max_sessions=args.max_sessions,
            idle_minutes=args.idle_minutes,
        )
    if args.command == "shadow":
        startup_gc.hold()
        from interviewer.export.session_check import checked_session
        from interviewer.tui.shadow.app import run_shadow

        store = _store(args)
        checked_session(store, args.id)  # "no session", or what is damaged, before the app opens
        store.events(args.id)  # a damaged transcript too
        return run_shadow(store.root, args.id, args.who)
    parser.print_help()
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
