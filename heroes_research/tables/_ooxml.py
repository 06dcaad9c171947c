"""Make Office Open XML files (XLSX, DOCX) byte-identical across runs.

openpyxl stamps ``modified`` with the current time on every save and both writers
store the wall-clock time in each zip entry, so two saves of the same table differ.
:func:`normalise_ooxml` rewrites the package with fixed document dates and fixed
zip entry dates, entries in their original order. Hand-written because neither
library offers a reproducible-save option (checked: openpyxl 3.1, python-docx 1.2).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

__all__ = ["FIXED_DATE", "normalise_ooxml"]

#: The date written into every table document (the zip format cannot store dates before 1980).
FIXED_DATE = "2000-01-01T00:00:00Z"
_ZIP_DATE = (2000, 1, 1, 0, 0, 0)
_CORE_DATES = re.compile(
    r"(<(dcterms:(?:created|modified)|cp:lastPrinted)\b[^>]*>)[^<]*(</\2>)"
)


def normalise_ooxml(path: Path, *, date: str = FIXED_DATE) -> None:
    """Rewrite the zip at ``path`` in place with fixed dates (call on a temporary file).

    ``date`` (ISO, ``Z``) goes into the document properties; zip entries always get 2000-01-01.
    """
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for name, payload in entries:
            if name == "docProps/core.xml":
                text = _CORE_DATES.sub(rf"\g<1>{date}\g<3>", payload.decode("utf-8"))
                payload = text.encode("utf-8")
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, payload, compresslevel=6)
