"""The public version of a portfolio: every person's name replaced by their organisation or role.

Minutes and papers are often published; names of project leads, reporters and risk or action owners
are personal data. :func:`public_version` gives a Portfolio in which each such name — in the cells
that hold names and anywhere it appears in free text — reads as the organisation or role instead,
so every report and paper made from it can be published. The internal version stays the default.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd

from .portfolio import Portfolio
from .reading import ROW

# Cells that name a person (or an organisation): table -> column -> how a person is described there.
PERSON_COLUMNS = {
    "projects": {"project_lead": "projektleder"},
    "status": {"reported_by": "projektleder"},
    "risks": {"owner": "risikoejer"},
    "actions": {"owner": "ansvarlig"},
    "benefits": {"owner": "gevinstejer"},
    "agenda": {"presenter": "oplægsholder"},
}


def _organisation_names(p: Portfolio) -> set[str]:
    orgs = p.tables["organisations"]
    return {str(v).strip().lower() for v in [*orgs["org_id"], *orgs["name"]] if isinstance(v, str)}


def person_names(p: Portfolio, date=None) -> dict[str, str]:
    """Every person named in the workbook -> what the public version says instead: role and organisation,
    the organisation named as it was at ``date`` (default today)."""
    date = pd.Timestamp.today().normalize() if date is None else pd.Timestamp(date)
    orgs = _organisation_names(p)
    owners = dict(zip(p.projects["project_id"], p.projects["owner_org"], strict=True))
    replacements: dict[str, str] = {}
    for table, columns in PERSON_COLUMNS.items():
        frame = p.tables.get(table)
        if frame is None or frame.empty:
            continue
        for column, role in columns.items():
            if column not in frame:
                continue
            projects = frame["project_id"] if "project_id" in frame else pd.Series([None] * len(frame))
            for value, project in zip(frame[column], projects, strict=True):
                if not isinstance(value, str) or not value.strip() or value.strip().lower() in orgs:
                    continue
                owner = owners.get(project) if isinstance(project, str) else None
                text = f"{role}, {p.organisation_name_at(owner, date)}" if owner else role
                replacements.setdefault(value.strip(), text)
    return replacements


def public_version(p: Portfolio, date=None) -> Portfolio:
    """A copy of ``p`` with no person's name in it (see module docstring); organisations as at ``date``."""
    names = person_names(p, date)
    if not names:
        return p
    # Longest names first, whole words only: "Anne Jensen" before "Anne", never inside another word.
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b")
    tables = {}
    for name, frame in p.tables.items():
        frame = frame.copy()
        for column in frame.columns:
            if column == ROW or frame[column].dtype != object:
                continue
            frame[column] = [
                pattern.sub(lambda m: names[m.group(1)], v) if isinstance(v, str) else v for v in frame[column]
            ]
        tables[name] = frame
    shown = {when: public_version(snapshot, date) for when, snapshot in p.shown.items()}
    return replace(p, tables=tables, shown=shown)
