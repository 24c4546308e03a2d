"""Data categories from a Fides dataset file, for teams that already keep one.

The file is read with the project's safe loader (every problem at file:line:column), validated
with the ``fideslang`` package (its Dataset model and its default taxonomy of data categories),
and each field's fideslang category key is mapped to a personvern term through the
vocabulary's ``fideslang`` ids: the term whose id is exactly the key. A key no term has (a
broader one such as ``user.contact``, or a narrower one the vocabulary does not list) is an
error naming it: a category is never guessed from a parent or a child.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from .. import errors
from ..core.model import CompiledPolicy
from ..errors import Problem, json_path
from ..load import loader


class FidesError(errors.InvalidInputError):
    """A Fides dataset file is not valid, or names a category the vocabulary does not map."""

    code = "invalid_fides_dataset"


def vocabulary_ids(policy: CompiledPolicy) -> dict[str, str]:
    """fideslang data-category key -> personvern data category, from the vocabulary."""
    out: dict[str, str] = {}
    for term, d in policy.vocabulary.sections.get("data_categories", {}).items():
        key = d.get("fideslang")
        if isinstance(key, str):
            out.setdefault(key, term)
    return out


def _fields(fields: Any, prefix: tuple[str | int, ...], column: str = "") -> list[tuple[str, tuple[str | int, ...], list[Any]]]:
    """(column, JSON path parts, categories) of every field, nested fields as ``parent.child``."""
    out = []
    for i, f in enumerate(fields or []):
        name = f"{column}{f['name']}"
        path = prefix + ("fields", i)
        out.append((name, path, list(f.get("data_categories") or [])))
        out.extend(_fields(f.get("fields"), path, name + "."))
    return out


def load_categories(path: str | Path, policy: CompiledPolicy) -> tuple[dict[tuple[str, str], tuple[str, ...]], tuple[str, ...]]:
    """(collection, column) -> personvern data categories, and every collection's name, from a Fides dataset file."""
    try:
        from fideslang.default_taxonomy import DEFAULT_TAXONOMY
        from fideslang.models import Dataset
        from pydantic import ValidationError
    except ImportError as e:
        raise errors.PersonvernError(f"{e.name} is not installed: pip install 'personvern[fides]'") from None
    doc, problems = loader.read_document(Path(path), str(path))
    if doc is None:
        raise FidesError(problems, str(path))
    data = doc.data
    if not isinstance(data, Mapping) or not isinstance(data.get("dataset"), list):
        raise FidesError([doc.problem(errors.SCHEMA, "a Fides dataset file has a top-level 'dataset' list")], doc.file)
    known = {c.fides_key for c in DEFAULT_TAXONOMY.data_category}
    ids = vocabulary_ids(policy)
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    collections: list[str] = []
    for d, raw in enumerate(data["dataset"]):
        try:
            Dataset.model_validate(raw)
        except ValidationError as e:
            for err in e.errors()[:50]:
                problems.append(doc.problem(errors.SCHEMA, f"not a valid Fides dataset: {err['msg']}",
                                            json_path(("dataset", d, *err["loc"]))))
            continue
        for c, coll in enumerate(raw.get("collections") or []):
            collections.append(str(coll["name"]))
            for column, parts, keys in _fields(coll.get("fields"), ("dataset", d, "collections", c)):
                terms: list[str] = []
                for k, key in enumerate(keys):
                    where = json_path((*parts, "data_categories", k))
                    if key not in known:
                        problems.append(doc.problem(errors.UNKNOWN_TERM, f"{key!r} is not a fideslang data category", where))
                        continue
                    term = ids.get(key)
                    if term is None:
                        problems.append(doc.problem(errors.UNKNOWN_TERM,
                                                    f"the fideslang category {key!r} maps to no personvern data category "
                                                    "(no term of the vocabulary has it as its fideslang id)", where))
                        continue
                    terms.append(term)
                if terms:
                    out[(str(coll["name"]), column)] = tuple(dict.fromkeys(out.get((str(coll["name"]), column), ()) + tuple(terms)))
    if problems:
        raise FidesError(problems, doc.file)
    return out, tuple(collections)
