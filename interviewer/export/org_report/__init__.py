"""One assessment for an organisation from its sessions, consolidated honestly.

- Levels are consolidated per role first (a role's level is the lower median of its sessions),
  then across roles (the lower median of the roles' levels); the weighted overall uses the
  script's dimension weights over the dimensions assessed.
- Agreement or spread between roles is claimed only for a dimension two or more roles assessed;
  a dimension one role assessed says so.
- Pain and actions are combined across sessions by the worst severity or the most any one
  session needs it, and how many sessions raised it: never summed, so a dimension seen by more
  roles does not outrank another by being counted more often.
- The roadmap shows the consolidated actions under the guide's four phases, a visible number
  per phase; what is left out is counted, with the sessions whose reports list it. Every
  assessed dimension has an item shown, or a line saying why it needs none.
- The executive's words (strategy, challenge, sponsor, decision, success criteria) are quoted as
  said; the business case and platform evaluation are the newest session's that has them; the
  guide's post-discovery plan comes from the script, dated from the report's date.
- Roles are named by their track's title, never by id.

Each session is read once and only what the report needs of it is kept (`analysis`); a
completed session's analysis is cached beside it (`cache`), so a report over many sessions
replays only those that changed. The modules: `model` (what the report holds), `read` (the
organisation's sessions, a damaged one left out with the reason), `consolidate`, then `markdown`
(with `markdown_roadmap`), `html`, `json_export` and `chart` to render it.
"""

from interviewer.export.org_report.chart import CHART_MARK, org_chart_svg
from interviewer.export.org_report.consolidate import NO_ACTION, ROADMAP_CAP, build
from interviewer.export.org_report.html import render_org_html
from interviewer.export.org_report.json_export import render_org_json
from interviewer.export.org_report.markdown import render_org_markdown
from interviewer.export.org_report.markdown_roadmap import ROADMAP_HEADER
from interviewer.export.org_report.model import OrgReport, OrgSession
from interviewer.export.org_report.plan import step_date

__all__ = [
    "CHART_MARK",
    "NO_ACTION",
    "ROADMAP_CAP",
    "ROADMAP_HEADER",
    "OrgReport",
    "OrgSession",
    "build",
    "org_chart_svg",
    "render_org_html",
    "render_org_json",
    "render_org_markdown",
    "step_date",
]
