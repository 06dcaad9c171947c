"""Synthetic coded interview segments for notebook 06 (treatment of victims in criminal proceedings).

No interview text at all: one row per coded segment (a passage of an interview that
a coder marked with one code), with ids, country, stakeholder type, passage number,
code and coder. A double-coded subset of interviews is coded by a second coder who
mostly agrees, sometimes picks a sibling code of the same category, omits a code or
adds one: realistic, code-specific disagreement for the agreement statistics.

Example
-------
>>> from heroes_research.demo._segments import make_coded_segments
>>> segments = make_coded_segments()
>>> list(segments.columns)
['segment_id', 'interview_id', 'country', 'stakeholder', 'passage', 'code', 'coder']
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from heroes_research.countries import COUNTRY_CODES
from heroes_research.demo._generate import DEMO_SEED
from heroes_research.demo._simulate import ids
from heroes_research.qualitative import SEGMENT_COLUMNS, STAKEHOLDERS

__all__ = [
    "CODE_FRAME",
    "SEGMENTS_SEED",
    "codeframe_yaml",
    "make_coded_segments",
    "readme_text",
    "segments_csv",
    "write_coded_segments",
]

#: Seed of the committed file: the demo package's DEMO_SEED.
SEGMENTS_SEED = DEMO_SEED

#: category -> (label, {code: label}). Codes are written ``category/code``.
CODE_FRAME: dict[str, tuple[str, dict[str, str]]] = {
    "barrier": (
        "Barriers to victims' participation",
        {
            "secondary_victimisation": "Secondary victimisation by the proceedings",
            "fear_of_reprisal": "Fear of reprisal by offenders or their networks",
            "lack_of_information": "Victims not informed of their rights or the case",
            "language_interpretation": "No or poor interpretation",
            "delays": "Long delays before and during trial",
            "distrust_of_authorities": "Distrust of police or courts",
            "legal_costs": "Costs of legal representation",
        },
    ),
    "remedy": (
        "Remedies available to victims",
        {
            "video_testimony": "Video-recorded or remote testimony",
            "legal_aid": "Free legal aid and representation",
            "victim_advocate": "Independent victim advocate or guardian",
            "protection_order": "Protection and non-contact orders",
            "compensation": "State or offender compensation",
            "residence_permit": "Residence permit or reflection period",
        },
    ),
    "harmful_practice": (
        "Harmful practices",
        {
            "repeated_interviews": "Victims interviewed repeatedly",
            "confrontation_with_offender": "Face-to-face confrontation with the accused",
            "victim_blaming": "Victim-blaming questioning",
            "prosecution_of_victims": "Victims prosecuted for offences they were compelled to commit",
            "identity_disclosure": "Victim's identity disclosed",
        },
    ),
    "good_practice": (
        "Good practices",
        {
            "barnahus": "Barnahus / child house model",
            "specialised_prosecutors": "Specialised prosecutors or courts",
            "child_friendly_rooms": "Child-friendly interview rooms",
            "multi_agency_cooperation": "Multi-agency cooperation and referral",
            "trauma_informed_training": "Trauma-informed training of practitioners",
            "single_point_of_contact": "Single point of contact for the victim",
        },
    ),
}

_CODERS = ("C1", "C2", "C3")
_DOUBLE_CODED_SHARE = 0.3


def make_coded_segments(seed: int = SEGMENTS_SEED) -> pd.DataFrame:
    """Generate the synthetic coded segments (columns ``SEGMENT_COLUMNS``).

    Parameters
    ----------
    seed
        Seed of ``numpy.random.default_rng``; :data:`SEGMENTS_SEED` makes the committed
        ``data/raw/demo/interviews/coded_segments.csv``.

    Returns
    -------
    pandas.DataFrame
        One row per coded segment, sorted by country (display order), interview,
        passage, coder and code; ``segment_id`` numbers the rows.

    Notes
    -----
    Each interview has 4 + Poisson(6) coded passages. A passage's code is drawn from
    softmax(log prevalence + country effect + stakeholder effect) (Gumbel-max trick);
    a fifth of the passages get a second code. Prevalences fall off like ranks^-0.9,
    so rare codes appear late and the saturation curves flatten. About 30 % of the
    interviews are double-coded: the second coder keeps each code with a code-specific
    probability (0.55-0.95); otherwise substitutes a sibling code (60 %) or omits it,
    and adds a spurious code to 5 % of passages.
    """
    rng = np.random.default_rng(seed)
    codes, category_of = _code_arrays()
    interviews = _interviews(rng)
    first = _first_coding(rng, interviews, codes)
    second = _second_coding(rng, first, interviews, codes, category_of)
    rows = pd.concat([first, second], ignore_index=True)
    rows = rows.merge(
        interviews[["interview_id", "country", "stakeholder", "order"]], on="interview_id"
    )
    rows["code"] = codes[rows.pop("code_index").to_numpy()]
    rows = rows.drop_duplicates(["interview_id", "passage", "coder", "code"])
    rows = rows.sort_values(["order", "passage", "coder", "code"], kind="stable").reset_index(
        drop=True
    )
    rows["segment_id"] = ids("S", np.arange(1, len(rows) + 1), 5)
    rows["passage"] = rows["passage"].astype("int64")
    return rows[list(SEGMENT_COLUMNS)].astype({c: "str" for c in SEGMENT_COLUMNS if c != "passage"})


def _code_arrays() -> tuple[np.ndarray, np.ndarray]:
    codes = [f"{cat}/{code}" for cat, (_, members) in CODE_FRAME.items() for code in members]
    category_of = [i for i, (_, members) in enumerate(CODE_FRAME.values()) for _ in members]
    return np.array(codes, dtype=object), np.array(category_of)


def _interviews(rng: np.random.Generator) -> pd.DataFrame:
    per_country = rng.integers(4, 9, len(COUNTRY_CODES))
    country = np.repeat(np.array(COUNTRY_CODES, dtype=object), per_country)
    number = np.concatenate([np.arange(1, n + 1) for n in per_country])
    mix = np.array([0.14, 0.18, 0.16, 0.16, 0.14, 0.12, 0.10])  # judge ... health
    stakeholder = rng.choice(len(STAKEHOLDERS), size=len(country), p=mix)
    coder = rng.integers(0, 2, len(country))  # C1 or C2 code first; C3 only double-codes
    double = rng.random(len(country)) < _DOUBLE_CODED_SHARE
    return pd.DataFrame(
        {
            "interview_id": (country + ids("-I", number, 2)).to_numpy(),
            "country": country,
            "country_index": np.repeat(np.arange(len(COUNTRY_CODES)), per_country),
            "stakeholder": np.array(STAKEHOLDERS, dtype=object)[stakeholder],
            "stakeholder_index": stakeholder,
            "first_coder": np.array(_CODERS, dtype=object)[coder],
            "second_coder": np.where(
                double,
                np.array(_CODERS, dtype=object)[(coder + 1 + rng.integers(0, 2, len(country))) % 3],
                None,
            ),
            "passages": 4 + rng.poisson(6, len(country)),
            "order": np.arange(len(country)),
        }
    )


def _first_coding(
    rng: np.random.Generator, interviews: pd.DataFrame, codes: np.ndarray
) -> pd.DataFrame:
    n_codes = len(codes)
    log_prevalence = -0.9 * np.log(rng.permutation(n_codes) + 1.0)
    country_effect = rng.normal(0.0, 0.7, (len(COUNTRY_CODES), n_codes))
    stakeholder_effect = rng.normal(0.0, 0.6, (len(STAKEHOLDERS), n_codes))
    row = np.repeat(np.arange(len(interviews)), interviews["passages"].to_numpy())
    passage = np.concatenate([np.arange(1, n + 1) for n in interviews["passages"]])
    logits = (
        log_prevalence
        + country_effect[interviews["country_index"].to_numpy()[row]]
        + stakeholder_effect[interviews["stakeholder_index"].to_numpy()[row]]
    )
    draws = [np.argmax(logits + rng.gumbel(size=logits.shape), axis=1) for _ in range(2)]
    extra = rng.random(len(row)) < 0.2
    frame = pd.DataFrame(
        {
            "interview_id": interviews["interview_id"].to_numpy()[
                np.concatenate([row, row[extra]])
            ],
            "passage": np.concatenate([passage, passage[extra]]),
            "code_index": np.concatenate([draws[0], draws[1][extra]]),
        }
    )
    frame["coder"] = frame["interview_id"].map(interviews.set_index("interview_id")["first_coder"])
    return frame


def _second_coding(
    rng: np.random.Generator,
    first: pd.DataFrame,
    interviews: pd.DataFrame,
    codes: np.ndarray,
    category_of: np.ndarray,
) -> pd.DataFrame:
    second_coder = interviews.set_index("interview_id")["second_coder"].dropna()
    rows = first[first["interview_id"].isin(second_coder.index)].copy()
    rows["coder"] = rows["interview_id"].map(second_coder)
    reliability = rng.uniform(0.55, 0.95, len(codes))
    code = rows["code_index"].to_numpy()
    kept = rng.random(len(rows)) < reliability[code]
    swap = ~kept & (rng.random(len(rows)) < 0.6)
    # A sibling: another code of the same category, chosen uniformly.
    size = np.bincount(category_of)[category_of[code]]
    start = np.searchsorted(category_of, category_of[code])
    sibling = start + (code - start + rng.integers(1, size)) % size
    rows["code_index"] = np.where(swap, sibling, code)
    rows = rows[kept | swap]
    passages = rows.drop_duplicates(["interview_id", "passage"])
    added = passages[rng.random(len(passages)) < 0.05].assign(
        code_index=lambda f: rng.integers(0, len(codes), len(f))
    )
    return pd.concat([rows, added], ignore_index=True)


def segments_csv(segments: pd.DataFrame) -> str:
    """The CSV text of a segments table, exactly as committed (UTF-8, ``\\n`` line ends)."""
    return segments.to_csv(index=False, lineterminator="\n")


def codeframe_yaml() -> str:
    """The YAML text of :data:`CODE_FRAME`, exactly as committed in ``codeframe.yaml``."""
    import yaml

    document = {
        "name": "HEROES treatment of victims in criminal proceedings: interview code frame",
        "synthetic": True,
        "note": "Code frame of the synthetic demo interviews; codes are written category/code.",
        "categories": [
            {
                "id": cat,
                "label": label,
                "codes": [{"id": code, "label": text} for code, text in members.items()],
            }
            for cat, (label, members) in CODE_FRAME.items()
        ],
    }
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


_README = """# Coded interview segments (synthetic demo data)

**{note}**
No interview took place: these files contain no interview text, quotes or personal data.

They stand in for the coded practitioner interviews of the study on the treatment of victims
in criminal proceedings (barriers, remedies, harmful and good practices), used by notebook 06.

| file | content |
|---|---|
| `coded_segments.csv` | one row per coded segment: `{columns}` |
| `codeframe.yaml` | the code frame: categories ({categories}) and their codes with labels; a code is written `category/code` |

- {interviews} interviews in the 15 study countries; stakeholder types `{stakeholders}`.
- `passage` numbers the coded passages of an interview; a passage can carry more than one code.
- Coders `{coders}`. {double} interviews are double-coded (two coders coded every passage) with
  realistic, code-specific disagreement; the others have one coder.

Regenerate (byte-identical; a test checks it) with `heroes demo`, or:

```python
from heroes_research.demo._segments import write_coded_segments
write_coded_segments(seed={seed})
```

Read and validate with `heroes_research.qualitative.load_segments()`.
"""


def readme_text(segments: pd.DataFrame, seed: int) -> str:
    """The README of the interviews folder, describing ``segments``."""
    from heroes_research.provenance import DEMO_NOTE

    coders = segments.groupby("interview_id")["coder"].nunique()
    return _README.format(
        note=DEMO_NOTE,
        columns=", ".join(SEGMENT_COLUMNS),
        categories=", ".join(f"`{c}`" for c in CODE_FRAME),
        interviews=len(coders),
        stakeholders=", ".join(STAKEHOLDERS),
        coders=", ".join(sorted(segments["coder"].unique())),
        double=int((coders >= 2).sum()),
        seed=seed,
    )


def write_coded_segments(
    folder: str | Path | None = None, *, seed: int = SEGMENTS_SEED
) -> list[Path]:
    """Write ``coded_segments.csv``, ``codeframe.yaml`` and ``README.md`` atomically.

    Parameters
    ----------
    folder
        Target folder; default ``paths.demo_raw_dir() / "interviews"``.
    seed
        Generator seed; :data:`SEGMENTS_SEED` makes the committed files.

    Returns
    -------
    list of Path
        The three files written.
    """
    from heroes_research.io import atomic_write
    from heroes_research.paths import demo_raw_dir

    folder = Path(folder) if folder is not None else demo_raw_dir() / "interviews"
    segments = make_coded_segments(seed)
    targets = {
        folder / "coded_segments.csv": segments_csv(segments),
        folder / "codeframe.yaml": codeframe_yaml(),
        folder / "README.md": readme_text(segments, seed),
    }
    for target, text in targets.items():
        with atomic_write(target) as handle:
            handle.write(text)
    return list(targets)
