"""An app process of `interviewer serve`: `python -m interviewer.serve.child PID ARGS` runs
`interviewer ARGS`, ended with its server (whose pid is PID).

The server normally ends its apps itself (a window closed, idle, ctrl+c, SIGTERM). A server
killed outright (SIGKILL, out of memory) cannot, and Textual's web driver does not exit when its
input closes: the app would live on, idle, holding its session, and the link would say "already
open in another window" to every later server. On Linux the kernel sends the app SIGTERM when
its server dies (PR_SET_PDEATHSIG); every answer is on disk already, so nothing is lost, and the
next window on the link resumes the interview."""

from __future__ import annotations

import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def end_with_parent(parent: int) -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the server died before prctl
        raise SystemExit(0)


def main() -> int:
    end_with_parent(int(sys.argv[1]))
    from interviewer.cli import main as cli_main

    return cli_main(sys.argv[2:])


if __name__ == "__main__":
    raise SystemExit(main())
