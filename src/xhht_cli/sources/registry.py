"""Every input kind xhht reads, in the order a sheet is tried against them: the loader, `--columns` and
`xhht template` loop over KINDS and never name a kind. A new kind is one module declaring an InputKind
(sources/kind.py) plus its line here.

The order matters and is part of the behaviour: a sheet is the first kind whose header it holds (the
units sheet before the commune tables; the commune tables from the most specific header), a near miss is
explained by the first kind that recognises it, and the templates are written in this order."""

from __future__ import annotations

from .commune_counts import KIND as COUNTS
from .institutions import KIND as INSTITUTIONS
from .kind import InputKind
from .learning_models import KIND as MODELS
from .learning_models import RECOGNITIONS_KIND as RECOGNITIONS
from .survey import KIND as SURVEY
from .units import CONDITIONS_KIND as CONDITIONS
from .units import KIND as UNITS

KINDS: tuple[InputKind, ...] = (SURVEY, UNITS, COUNTS, INSTITUTIONS, MODELS, RECOGNITIONS, CONDITIONS)
BY_NAME: dict[str, InputKind] = {k.name: k for k in KINDS}
# The one kind of person rows: read and counted as each workbook is parsed (load.read_file).
PERSONS: InputKind = next(k for k in KINDS if k.stage == "persons")
# The kinds a sheet is classified into once it is not person rows, in the order they are tried.
SHEET_KINDS: tuple[InputKind, ...] = tuple(k for k in KINDS if k.stage != "persons")
# The kinds whose column names a --columns file may add to, under the kind's name.
WITH_FIELDS: tuple[InputKind, ...] = tuple(k for k in KINDS if k.fields is not None)

assert sum(k.stage == "persons" for k in KINDS) == 1 and sum(k.stage == "units" for k in KINDS) <= 1
