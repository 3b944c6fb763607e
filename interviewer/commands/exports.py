"""`interviewer export` and `interviewer report`: a session's or an organisation's report."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from interviewer.commands import Command
from interviewer.commands.arguments import (
    anonymise_args,
    iso_date,
)
from interviewer.commands.sessions_folder import open_store
from interviewer.store import StoreError

if TYPE_CHECKING:
    pass


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
    anonymise_args(p)


def _report_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--org", required=True)
    p.add_argument("--format", choices=("md", "html", "json"), default="md")
    p.add_argument("-o", "--output", metavar="PATH", default=None)
    p.add_argument(
        "--date",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="the report's date: the post-discovery weeks count from it (default: today)",
    )
    anonymise_args(p)


def _export(args: argparse.Namespace) -> int:
    from interviewer.export.report_data import gather

    _check_redact(args)
    store = open_store(args)
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
    report = build(open_store(args), args.org, args.date, args.anonymise, args.redact)
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


COMMANDS = {
    "export": Command(
        "a session's report and transcript: Markdown, HTML or JSON", _export_args, _export
    ),
    "report": Command(
        "one assessment for an organisation from its sessions", _report_args, _report
    ),
}
