"""``portfolio.yaml``: what is not a table — the portfolio's name, cadence and report rules.

Defaults follow the Danish State IT project model (Statens It-råd) for computed RAG and
a conventional 5×5 risk matrix; see ``docs/conventions.md``. Every value can be overridden
in the workspace's ``portfolio.yaml``.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..errors import ConfigError
from .locate import CONFIG_FILE
from .schema import Enumeration

# Rows are probability 5 (top) down to 1; columns impact 1..5. g/y/r per cell.
DEFAULT_RISK_MATRIX = [
    "y y r r r",  # probability 5
    "g y y r r",  # 4
    "g y y r r",  # 3
    "g g y y r",  # 2
    "g g g y y",  # 1
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TimeRule(_Model):
    """Computed time RAG from the forecast end against the current baseline end.

    Statens It-råd states the limits in calendar months: red when *more than* 3 months late,
    yellow when 1–3 months late. A baseline of 31 May with a forecast of 31 August is exactly
    3 months late: yellow. A portfolio that prefers days sets both ``*_days`` limits instead.
    """

    yellow_from_months: int = Field(default=1, ge=0, description="Late by at least this many calendar months: yellow.")
    red_above_months: int = Field(default=3, ge=0, description="Late by more than this many calendar months: red.")
    yellow_from_days: int | None = Field(
        default=None, ge=0, description="Instead of months: late by at least this many days."
    )
    red_above_days: int | None = Field(
        default=None, ge=0, description="Instead of months: late by more than this many days."
    )

    @model_validator(mode="after")
    def _both_or_neither_in_days(self) -> TimeRule:
        if (self.yellow_from_days is None) != (self.red_above_days is None):
            raise ValueError("give both yellow_from_days and red_above_days, or neither (then months apply)")
        return self

    @property
    def in_days(self) -> bool:
        return self.yellow_from_days is not None

    def describe_da(self) -> str:
        """The rule in Danish, for the reports' notes."""
        if self.in_days:
            return f"tid rød ved mere end {self.red_above_days} dages forsinkelse, gul fra {self.yellow_from_days} dage"
        return (
            f"tid rød ved mere end {self.red_above_months} måneders forsinkelse, gul fra "
            f"{self.yellow_from_months} {'måned' if self.yellow_from_months == 1 else 'måneder'}"
        )


class CostRule(_Model):
    """Computed economy RAG from forecast cost vs baseline budget."""

    yellow_any_overrun: bool = Field(default=True, description="Any overrun at all is yellow.")
    red_above_pct: float = Field(default=10.0, ge=0, description="Overrun above this percentage is red.")
    red_above_dkk: float = Field(default=6_000_000, ge=0, description="Overrun above this amount (DKK) is red.")


class RiskRule(_Model):
    matrix: list[str] = Field(default_factory=lambda: list(DEFAULT_RISK_MATRIX))
    top_n: int = Field(default=10, ge=1, description="How many risks the top-risk table shows.")

    @field_validator("matrix")
    @classmethod
    def _five_by_five(cls, rows: list[str]) -> list[str]:
        if len(rows) != 5 or any(len(r.split()) != 5 for r in rows):
            raise ValueError("risk matrix must be 5 rows of 5 cells (g, y or r), probability 5 first")
        if any(cell not in {"g", "y", "r"} for r in rows for cell in r.split()):
            raise ValueError("risk matrix cells must be g, y or r")
        return rows

    def colour(self, probability: int, impact: int) -> str:
        """Canonical RAG value (green/yellow/red) of a matrix cell."""
        cell = self.matrix[5 - int(probability)].split()[int(impact) - 1]
        return {"g": "green", "y": "yellow", "r": "red"}[cell]


class BenefitRule(_Model):
    """Computed benefits RAG: the latest measurement's achievement against the achievement expected at the date.

    Both are shares of the planned change from baseline to target (0 % = baseline, 100 % = target); the
    shortfall is counted in percentage points, so it means the same early and late in the realisation.
    """

    watch_below_pp: float = Field(
        default=10.0, ge=0, description="More than this many percentage points behind the expected achievement: watch."
    )
    behind_below_pp: float = Field(
        default=25.0, ge=0, description="More than this many percentage points behind: behind (red)."
    )
    measurement_valid_days: int = Field(
        default=190,
        ge=1,
        description="A measurement older than this at the report's date no longer gives a RAG (about two quarters).",
    )
    follow_up_months: int = Field(
        default=12,
        ge=0,
        description="After a project closes its benefits stay in the reports this many months, and at least "
        "until their target date.",
    )

    @model_validator(mode="after")
    def _watch_before_behind(self) -> BenefitRule:
        if self.behind_below_pp < self.watch_below_pp:
            raise ValueError("behind_below_pp must be at least watch_below_pp")
        return self

    def describe_da(self) -> str:
        return (
            f"på sporet når realiseringsgraden højst er {self.watch_below_pp:g} procentpoint under den forventede, "
            f"opmærksomhed ved op til {self.behind_below_pp:g} procentpoint under, bagud ved mere"
        )


class Rules(_Model):
    time: TimeRule = Field(default_factory=TimeRule)
    cost: CostRule = Field(default_factory=CostRule)
    risk: RiskRule = Field(default_factory=RiskRule)
    benefits: BenefitRule = Field(default_factory=BenefitRule)
    stale_status_days: int = Field(
        default=75, ge=1, description="A status older than this at a meeting is flagged stale (a bit over one cycle)."
    )


class PhaseSetting(_Model):
    """One phase of the portfolio's project model: the value stored, its Danish label, other accepted
    spellings, and whether a project in it is active (expected to report status at every meeting)."""

    key: str = Field(min_length=1, description="Value stored in the workbook's phase columns, e.g. 'analysis'.")
    label_da: str = Field(min_length=1, description="Danish label in reports and dropdowns, e.g. 'analyse'.")
    aliases: list[str] = Field(default_factory=list, description="Other spellings accepted in the workbook.")
    active: bool = Field(default=True, description="A project in this phase reports status at every meeting.")


# Today's phases (the toolkit's default since 0.1).
DEFAULT_PHASES = [
    PhaseSetting(key="idea", label_da="idé", aliases=["ide", "ideation"]),
    PhaseSetting(key="analysis", label_da="analyse"),
    PhaseSetting(key="development", label_da="udvikling", aliases=["dev"]),
    PhaseSetting(key="pilot", label_da="pilot", aliases=["afprøvning", "test"]),
    PhaseSetting(key="rollout", label_da="udrulning", aliases=["implementering", "roll-out"]),
    PhaseSetting(key="operation", label_da="drift", aliases=["operations"]),
    PhaseSetting(key="closed", label_da="lukket", aliases=["afsluttet", "stoppet", "closed down"], active=False),
]
# The Danish state model's phases (Statens It-råd; anskaffelse from the regions' model), documented in
# docs/conventions.md as the alternative to copy into portfolio.yaml.
STATE_MODEL_PHASES = [
    PhaseSetting(key="idea", label_da="idé", aliases=["ide"]),
    PhaseSetting(key="analysis", label_da="analyse"),
    PhaseSetting(key="procurement", label_da="anskaffelse", aliases=["udbud"]),
    PhaseSetting(key="implementation", label_da="gennemførelse", aliases=["gennemforelse", "implementering"]),
    PhaseSetting(key="realisation", label_da="realisering", aliases=["gevinstrealisering"], active=False),
    PhaseSetting(key="closed", label_da="lukket", aliases=["afsluttet", "stoppet"], active=False),
]


class PortfolioConfig(_Model):
    name: str = "Portefølje"
    reports_to: str = ""
    programme_office: str = ""
    meetings_per_year: int = Field(default=6, ge=1, le=24)
    agenda_days_before: int = Field(default=7, ge=0)
    minutes_days_after: int = Field(default=14, ge=0)
    # Status forms (`dap-reports forms`): the leads reply this many days before the agenda goes out.
    forms_reply_days_before_agenda: int = Field(default=5, ge=0)
    # A track whose items on an agenda require an extra organisation to be invited.
    invite_when_track: dict[str, str] = Field(default_factory=lambda: {"Digitale forløbsplaner": "Sundhedsstyrelsen"})
    synthetic: bool = Field(default=False, description="True for generated demo data; reports then say so.")
    phases: list[PhaseSetting] = Field(
        default_factory=lambda: [p.model_copy() for p in DEFAULT_PHASES],
        description="The project model's phases in order (default: today's list; see STATE_MODEL_PHASES).",
    )

    @field_validator("phases")
    @classmethod
    def _unique_phases(cls, phases: list[PhaseSetting]) -> list[PhaseSetting]:
        seen: set[str] = set()
        for phase in phases:
            for label in (phase.key, phase.label_da, *phase.aliases):
                if label.strip().lower() in seen:
                    raise ValueError(f"phase label {label!r} is used twice; every key, label and alias must differ")
                seen.add(label.strip().lower())
        if not phases:
            raise ValueError("give at least one phase")
        return phases

    def phase_enumeration(self) -> Enumeration:
        """The phases as the enumeration the loader reads the workbook's phase columns with."""
        return Enumeration(
            "phase",
            {p.key: tuple(p.aliases) for p in self.phases},
            {p.key: p.label_da for p in self.phases},
        )

    @property
    def phase_order(self) -> list[str]:
        return [p.key for p in self.phases]

    @property
    def phase_labels(self) -> dict[str, str]:
        return {p.key: p.label_da for p in self.phases}

    @property
    def active_phases(self) -> set[str]:
        return {p.key for p in self.phases if p.active}

    rules: Rules = Field(default_factory=Rules)


def read_yaml_mapping(path: Path, example: str) -> dict:
    """A YAML file of settings as a dict, or a ConfigError that says what is wrong and where."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}. Fix the indentation or quoting at the line shown.") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping of settings ({example}), got {type(raw).__name__}.")
    return raw


def load_config(folder: Path) -> PortfolioConfig:
    """Read ``portfolio.yaml`` next to the data; defaults when there is none."""
    path = Path(folder) / CONFIG_FILE
    if not path.exists():
        return PortfolioConfig()
    raw = read_yaml_mapping(path, "name: ..., rules: ...")
    try:
        return PortfolioConfig.model_validate(raw)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"]) or "(top level)"
            lines.append(f"  - {where}: {err['msg']} (got {err.get('input')!r})")
        raise ConfigError(f"{path}: {len(lines)} problem(s) in the settings:\n" + "\n".join(lines)) from None


def dump_config(config: PortfolioConfig) -> str:
    data = config.model_dump(mode="json", exclude_none=True)
    if config.phases == DEFAULT_PHASES:  # the default list would only clutter the file
        data.pop("phases")
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
