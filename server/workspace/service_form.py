"""The service form: what it offers and to whom, weekly hours with their time zone, 24/7;
and the spec ``create_service`` / ``update_service`` take (the one adapter)."""

from __future__ import annotations

from typing import Any

from directory.enums import ServiceStatus, TraffickingType
from directory.models import Service
from directory.validation import WEEKDAYS
from directory.vocab.categories import SERVICE_CATEGORIES
from directory.vocab.populations import POPULATIONS
from server.workspace.choices import YES_NO_UNKNOWN, languages
from server.workspace.forms import (
    Field,
    changed,
    codes,
    from_yes_no_unknown,
    picked,
    text_or_none,
    yes_no_unknown,
)


def _(message: str) -> str:
    """Marks a message for the catalogue; the template translates it."""
    return message


GROUP = _("Service")
WHO = _("Who it is for")
HOURS = _("Opening hours")
DAY_LABELS = {
    "MO": _("Monday"),
    "TU": _("Tuesday"),
    "WE": _("Wednesday"),
    "TH": _("Thursday"),
    "FR": _("Friday"),
    "SA": _("Saturday"),
    "SU": _("Sunday"),
}
STATUS_LABELS = {
    "active": _("Active"),
    "inactive": _("Inactive"),
    "temporarily closed": _("Temporarily closed"),
    "defunct": _("No longer offered"),
}
TRAFFICKING_LABELS = {
    "sex": _("Sex trafficking"),
    "labor": _("Labor trafficking"),
    "domestic-servitude": _("Domestic servitude"),
    "forced-criminality": _("Forced criminality"),
    "forced-marriage": _("Forced marriage"),
    "organ-removal": _("Organ removal"),
}


def fields() -> list[Field]:
    found = [
        Field("name", _("Name"), ("name",), required=True, group=GROUP),
        Field("description", _("Description"), ("description",), "textarea", group=GROUP),
        Field(
            "status",
            _("Status"),
            ("status",),
            kind="select",
            choices=[(s.value, STATUS_LABELS[s.value]) for s in ServiceStatus],
            group=GROUP,
        ),
        Field(
            "categories",
            _("Categories"),
            ("categories",),
            kind="checkboxes",
            choices=[(t.code, t.labels) for t in SERVICE_CATEGORIES.values()],
            group=GROUP,
        ),
        Field(
            "populations",
            _("Populations served"),
            ("populations",),
            kind="checkboxes",
            choices=[(t.code, t.labels) for t in POPULATIONS.values()],
            group=WHO,
        ),
        Field(
            "trafficking_types",
            _("Forms of trafficking addressed"),
            ("trafficking_types",),
            kind="checkboxes",
            choices=[(t.value, TRAFFICKING_LABELS[t.value]) for t in TraffickingType],
            group=WHO,
        ),
        languages(WHO),
        Field("eligibility", _("Who is eligible"), ("eligibility",), "textarea", group=WHO),
        Field("fees", _("Fees"), ("fees",), "textarea", group=WHO),
        Field(
            "open24x7",
            _("Open 24 hours a day, 7 days a week?"),
            ("open24x7",),
            "radio",
            YES_NO_UNKNOWN,
            group=HOURS,
        ),
        Field(
            "timezone",
            _("Time zone"),
            ("timezone",),
            hint=_("As in the tz database, for example America/Mexico_City"),
            group=HOURS,
        ),
    ]
    for day in WEEKDAYS:
        for end, label in (("opens", _("%(day)s: opens at")), ("closes", _("%(day)s: closes at"))):
            found.append(
                Field(
                    f"hours-{day}-{end}",
                    label,
                    ("hours", day, end),
                    "time",
                    group=HOURS,
                    label_args={"day": DAY_LABELS[day]},
                )
            )
    return found


def blank() -> dict[str, str]:
    values = {f.name: "" for f in fields()}
    values.update(status="active", open24x7="unknown")
    return values


def initial(service: Service) -> dict[str, str]:
    values = {
        "name": service.name,
        "description": service.description or "",
        "status": service.status,
        "categories": "\n".join(service.categories or []),
        "populations": "\n".join(service.populations or []),
        "trafficking_types": "\n".join(service.trafficking_types or []),
        "languages": ", ".join(service.languages or []),
        "eligibility": service.eligibility or "",
        "fees": service.fees or "",
        "open24x7": from_yes_no_unknown(service.open_24_7),
        "timezone": service.timezone or "",
    }
    for day in WEEKDAYS:
        values[f"hours-{day}-opens"] = ""
        values[f"hours-{day}-closes"] = ""
    for entry in service.hours or []:
        for day in entry.get("days", []):
            values[f"hours-{day}-opens"] = entry.get("opens", "")
            values[f"hours-{day}-closes"] = entry.get("closes", "")
    return values


def _hours(values: dict[str, str]) -> list[dict[str, Any]]:
    """One entry a day with any time typed (the domain refuses a half-typed day)."""
    found = []
    for day in WEEKDAYS:
        opens = values[f"hours-{day}-opens"].strip()
        closes = values[f"hours-{day}-closes"].strip()
        if opens or closes:
            found.append({"days": [day], "opens": opens or None, "closes": closes or None})
    return found


def problem_path(values: dict[str, str], path: tuple[Any, ...]) -> tuple[Any, ...]:
    """The domain names an hours problem by its entry's index; the form by its weekday."""
    if len(path) >= 2 and path[0] == "hours" and str(path[1]).isdigit():
        entries = _hours(values)
        index = int(path[1])
        if index < len(entries):
            day = entries[index]["days"][0]
            rest = tuple(path[2:]) if path[2:] and path[2] != "days" else ("opens",)
            return ("hours", day, *rest)
    return path


def spec(values: dict[str, str]) -> dict[str, Any]:
    return {
        "name": text_or_none(values["name"]),
        "description": text_or_none(values["description"]),
        "status": values["status"] or None,
        "categories": picked(values["categories"]),
        "populations": picked(values["populations"]),
        "trafficking_types": picked(values["trafficking_types"]),
        "languages": codes(values["languages"]),
        "eligibility": text_or_none(values["eligibility"]),
        "fees": text_or_none(values["fees"]),
        "open24x7": yes_no_unknown(values["open24x7"]),
        "timezone": text_or_none(values["timezone"]),
        "hours": _hours(values),
    }


def changes(values: dict[str, str], before: dict[str, str]) -> dict[str, Any]:
    return changed(spec(values), spec(before))
