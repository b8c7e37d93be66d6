"""Focus areas, citizen promises (medborgarlöften) and the activities that keep them.

One module per model family; every model is imported here, so that Django finds them all and
`from promises.models import Promise` works wherever a model is needed.
"""

from promises.models.activities import (
    FINISHED_STATUSES,
    Activity,
    ActivityStatus,
    ResponsibleParty,
)
from promises.models.extensions import PromiseExtension
from promises.models.focus_areas import FocusArea, FocusAreaQuerySet
from promises.models.pending_imports import PendingImport, PendingImportKind
from promises.models.promises import (
    Audience,
    Promise,
    PromiseQuerySet,
    PromiseSignatory,
    PromiseState,
    check_original_publication,
    period_text,
    place_in_time,
)

__all__ = [
    "FINISHED_STATUSES",
    "Activity",
    "ActivityStatus",
    "Audience",
    "FocusArea",
    "FocusAreaQuerySet",
    "PendingImport",
    "PendingImportKind",
    "Promise",
    "PromiseExtension",
    "PromiseQuerySet",
    "PromiseSignatory",
    "PromiseState",
    "ResponsibleParty",
    "check_original_publication",
    "period_text",
    "place_in_time",
]
