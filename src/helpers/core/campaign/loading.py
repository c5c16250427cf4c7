"""Reading a campaign file: safe YAML, one readable line per problem, a one-line summary, and a
commented template to start from.
"""

from __future__ import annotations

import difflib
import re
import stat
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import (
    BaseModel,
    ValidationError,
)

from helpers.core.campaign.model import Campaign
from helpers.core.errors import InputError, problem

MAX_CAMPAIGN_FILE_BYTES = 1_000_000  # a campaign file is a page of settings, not data


class _CampaignLoader(yaml.SafeLoader):
    """A safe YAML loader where only true/false are booleans and dates stay text.

    YAML 1.1 reads ``NO`` (Norway), ``ON`` or ``y`` as booleans; in a list of markets that
    would silently turn Norway into ``False``. Dates are left to pydantic, which reports an
    impossible date such as 2027-02-30 as a field error instead of crashing the reader.
    """


_LEFT_TO_PYDANTIC = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"}
_CampaignLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _LEFT_TO_PYDANTIC]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_CampaignLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def read_yaml(path: Path) -> Any:
    """Read a YAML file safely, turning syntax errors into one-line problems.

    Only a regular file of at most :data:`MAX_CAMPAIGN_FILE_BYTES` is opened (a FIFO or a
    device would block or never end).
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError([problem(path, "", "file not found")]) from None
    except OSError as error:
        raise InputError([problem(path, "", f"cannot be read ({error.strerror})")]) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError([problem(path, "", "is a folder, not a campaign file")])
    if not stat.S_ISREG(info.st_mode):
        raise InputError([problem(path, "", "is not a regular file; give a YAML file")])
    if info.st_size > MAX_CAMPAIGN_FILE_BYTES:
        raise InputError(
            [problem(path, "", f"is {info.st_size:,} bytes: too large for a campaign file")]
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError([problem(path, "", "not UTF-8 text (save the file as UTF-8)")]) from None
    except OSError as error:
        raise InputError([problem(path, "", f"cannot be read ({error.strerror})")]) from None
    if "\x00" in text:
        raise InputError([problem(path, "", "binary content (NUL bytes), not a YAML file")])
    try:
        return yaml.load(text, Loader=_CampaignLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise InputError([problem(path, where, f"YAML syntax error: {reason}")]) from None


def load_campaign(path: str | Path) -> Campaign:
    """Read and validate a campaign file.

    Parameters
    ----------
    path : str or Path
        The YAML file. Relative paths inside it are resolved against its folder.

    Returns
    -------
    Campaign
        The validated campaign.

    Raises
    ------
    InputError
        With one line per problem, ``FILE: field.path: what is wrong (what is allowed)``.
    """
    path = Path(path)
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise InputError(
            [problem(path, "", "expected a mapping of fields (key: value) at the top")]
        )
    try:
        return Campaign.model_validate(raw, context={"base_dir": path.resolve().parent})
    except ValidationError as error:
        raise InputError(campaign_problems(path, error)) from None


def campaign_problems(path: Path, error: ValidationError) -> list[str]:
    """Turn pydantic's errors into one readable line each."""
    lines = []
    for detail in error.errors(include_url=False):
        where = field_path(detail["loc"])
        lines.append(problem(path, where, describe(detail)))
    return lines


def field_path(loc: tuple[Any, ...]) -> str:
    """``('goals', 0, 'target')`` becomes ``goals[0].target``; the schema alias is restored."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part == "[key]":
            text += " (key)"
        else:
            name = "schema" if part == "schema_version" else str(part)
            text += f".{name}" if text else name
    return text or "(top)"


def describe(detail: dict[str, Any]) -> str:
    """One pydantic error as a sentence that says what is allowed."""
    kind, message = detail["type"], detail["msg"]
    if kind == "extra_forbidden":
        return _unknown_field(detail["loc"])
    if kind == "missing":
        return "required field is missing"
    if kind == "literal_error" and detail["loc"][-1] in ("schema", "schema_version"):
        return f"unsupported schema {detail['input']!r} (this version reads schema: 1)"
    if kind == "string_pattern_mismatch" and detail["loc"][-1] == "id":
        return f"{detail['input']!r} is not a slug (lower-case letters, digits and dashes)"
    message = message.removeprefix("Value error, ")
    if kind.startswith(("greater", "less", "literal", "int_", "float_", "date_", "bool_")):
        message += f" (got {detail['input']!r})"
    return message


def _unknown_field(loc: tuple[Any, ...]) -> str:
    """Name the fields that are allowed where an unknown one was found."""
    model: type[BaseModel] = Campaign
    for part in loc[:-1]:
        if isinstance(part, int):  # an item of a list: its model was found with the list
            continue
        field = model.model_fields.get("schema_version" if part == "schema" else str(part))
        model = _section_model(getattr(field, "annotation", None)) or model
    allowed = [f.alias or name for name, f in model.model_fields.items()]
    guess = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
    hint = f"; did you mean {guess[0]!r}?" if guess else ""
    return f"unknown field (allowed: {', '.join(allowed)}){hint}"


def _section_model(annotation: Any) -> type[BaseModel] | None:
    """The model of a field: ``Goal`` for ``list[Goal]``, ``Vetting`` for ``Vetting``."""
    candidates = [annotation, *typing.get_args(annotation)]
    for candidate in candidates:
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def describe_campaign(campaign: Campaign) -> str:
    """A one-line summary of a campaign for terminals and report headers."""
    return (
        f"{campaign.name} ({campaign.id}): {campaign.objective}, "
        f"{', '.join(campaign.markets)}, {campaign.budget:,.0f} {campaign.currency}, "
        f"{campaign.start} to {campaign.end}"
    )


TEMPLATE_FILE = Path(__file__).parents[1] / "templates" / "campaign.yaml"


def write_campaign_template(name: str, folder: str | Path = ".") -> Path:
    """Write a commented campaign file ``<folder>/<name>.yaml`` that validates as written.

    Parameters
    ----------
    name : str
        The campaign id (a slug such as ``spring-launch-2027``).
    folder : str or Path
        Where to write it.

    Returns
    -------
    Path
        The new file.

    Raises
    ------
    ValueError
        When the name is not a slug.
    FileExistsError
        When the file exists already (it is never overwritten).
    """
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{1,62}", name):
        raise ValueError(f"{name!r} is not a slug: use lower-case letters, digits and dashes")
    path = Path(folder) / f"{name}.yaml"
    title = name.replace("-", " ").capitalize()
    text = TEMPLATE_FILE.read_text(encoding="utf-8").format(id=name, name=title, file=path.name)
    try:
        with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite a user's file
            handle.write(text)
    except FileExistsError:
        raise FileExistsError(f"{path} exists already; choose another name or --dir") from None
    return path
