"""The municipality's emblem, printed on the cover of its report PDFs: what an upload must be."""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

EMBLEM_MAX_BYTES = 300 * 1024


def validate_emblem(file) -> None:
    """A PNG or JPEG image, and small: an emblem is copied into every report published after it is
    set. The admin's form checks the image too; this keeps the importer and scripts to the rule."""
    from PIL import Image, UnidentifiedImageError

    if file.size > EMBLEM_MAX_BYTES:
        raise ValidationError(_("The emblem may be at most 300 kB; this file is %(size)s kB."), params={"size": -(-file.size // 1024)})
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        kind = None
    finally:
        file.seek(position)
    if kind not in ("PNG", "JPEG"):
        raise ValidationError(_("The emblem must be a PNG or JPEG image; this file is not one."))


# What the model's field runs, in this order: the name's extension, then the file itself.
EMBLEM_VALIDATORS = [FileExtensionValidator(["png", "jpg", "jpeg"]), validate_emblem]
