"""Ingest: raw country files -> harmonised, validated data in data/processed/.

The recipe: find the instruments (folders with a codebook) -> check them against
the study's countries (``study.yaml``) -> read every country file (io.read_survey;
a pooled file once, split by its country column) -> harmonise each instrument in
memory (lenient, collecting every violation, the declared design checked on the
data) -> stop if any instrument has blocking violations -> only then write every
instrument's Parquet + sidecar and validation report into a new generation folder,
promoted by one rename. A failing instrument, a full disk or a kill therefore never
leaves a partial or mixed set of processed files: either every instrument of the
new ingest is in place or the previous set is.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from heroes_research.errors import HeroesError, InputFileError
from heroes_research.pipeline._discover import find_codebooks
from heroes_research.pipeline._hints import blocking_error

__all__ = ["IngestResult", "InstrumentResult", "harmonise_instrument", "ingest", "validate"]


@dataclass(frozen=True)
class InstrumentResult:
    """One instrument harmonised in memory, ready to be written."""

    instrument: str
    harmonised: Any  # heroes_research.cleaning.Harmonised
    report: pd.DataFrame
    metadata: dict[str, Any]

    @property
    def data(self) -> pd.DataFrame:
        """The harmonised frame."""
        return self.harmonised.data

    def __repr__(self) -> str:
        return (f"InstrumentResult({self.instrument!r}: {len(self.data)} rows, "
                f"{len(self.report)} violations)")


@dataclass(frozen=True)
class IngestResult:
    """What :func:`ingest` or :func:`validate` did: per-instrument results and files written."""

    instruments: tuple[InstrumentResult, ...]
    written: tuple[Path, ...] = ()

    @property
    def report(self) -> pd.DataFrame:
        """Every violation of every instrument, with an ``instrument`` column first."""
        from heroes_research.cleaning import empty_report

        parts = [r.report.assign(instrument=r.instrument) for r in self.instruments]
        both = pd.concat([empty_report().assign(instrument=pd.Series(dtype="string")), *parts],
                         ignore_index=True)
        return both[["instrument", *both.columns.drop("instrument")]]

    def summary(self) -> pd.DataFrame:
        """One row per instrument: countries, respondents, violations by rule."""
        from heroes_research.pipeline._summary import summary_table

        return summary_table(self.instruments)

    def __repr__(self) -> str:
        return (f"IngestResult({', '.join(r.instrument for r in self.instruments)}; "
                f"{len(self.report)} violations; {len(self.written)} files written)")


def _relative(path: Path | str | None, root: Path) -> str | None:
    if path is None:
        return None
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def _is_demo(codebook: Any) -> bool:
    """Synthetic data: the codebook says ``synthetic: true`` (the demo generator writes it).

    The folder a codebook sits in does not decide: real data under any folder stay real.
    """
    return bool(codebook.synthetic)


def _in_step(error: HeroesError, step: str, country: str | None) -> HeroesError:
    """The same error, its message prefixed with the pipeline step."""
    return type(error)(f"{step}: {error.message}", reason=error.reason, file=error.file,
                       variable=error.variable, rows=error.rows, country=error.country or country,
                       hint=error.hint, failures=error.failures)


def _metadata(codebook: Any, harmonised: Any, raw: Path, demo: bool) -> dict[str, Any]:
    from heroes_research.provenance import DEMO_NOTE, sha256_file

    counts = harmonised.report["rule"].value_counts().sort_index()
    meta: dict[str, Any] = {
        "demo": demo,
        "instrument": codebook.instrument,
        "title": codebook.title,
        "codebook": _relative(codebook.path, raw),
        "codebook_version": codebook.version,
        "codebook_sha256": sha256_file(codebook.path),
        "sources": {_relative(s["file"], raw): s["sha256"] for s in harmonised.sources.values()},
        "design": codebook.design.survey_kwargs(),
        "violations": {str(rule): int(n) for rule, n in counts.items()},
        "variable_labels": harmonised.variable_labels(),
    }
    if demo:
        meta["note"] = DEMO_NOTE
    return meta


def _load(path: Path, verb: str) -> Any:
    from heroes_research.codebook import load_codebook

    try:
        return load_codebook(path)
    except HeroesError as error:
        raise _in_step(error, f"{verb} {path.parent.name!r}", None) from error


def _combine(parts: list[Any], codebook: Any) -> Any:
    """One Harmonised from per-country results; empties ``parts`` (it takes ownership).

    Columns are concatenated one at a time and each country's copy is dropped at
    once, so the combined frame never coexists with a full second copy (a plain
    ``pd.concat`` of the frames would double the peak memory).
    """
    from heroes_research.cleaning import Harmonised

    report = pd.concat([p.report for p in parts], ignore_index=True)
    sources = {c: s for p in parts for c, s in p.sources.items()}
    frames = [p.data for p in parts]
    parts.clear()  # from here the frames are the only references to the countries' data
    columns = {name: pd.concat([f.pop(name) for f in frames], ignore_index=True)
               for name in list(frames[0].columns)}
    return Harmonised(data=pd.DataFrame(columns, copy=False), report=report, codebook=codebook,
                      sources=sources)


def _country_surveys(codebook: Any, step: str) -> Iterator[tuple[str, Any]]:
    """(country, SurveyData) for each country file, then each country of each pooled file.

    A pooled file is read once and split by its country column (never once per country).
    """
    from heroes_research.io import read_survey
    from heroes_research.pipeline._pooled import split_pooled

    for country, mapping in codebook.countries.items():
        if mapping.file is None:
            continue
        try:
            yield country, read_survey(codebook.folder / mapping.file, encoding=mapping.encoding)
        except HeroesError as error:
            raise _in_step(error, step, country) from error
    for pooled in codebook.pooled:
        try:
            parts = split_pooled(read_survey(codebook.folder / pooled.file), pooled, codebook)
        except HeroesError as error:
            raise _in_step(error, step, None) from error
        for country in list(parts):
            yield country, parts.pop(country)  # each country's rows freed once harmonised


def _with_design_report(harmonised: Any, codebook: Any) -> Any:
    """The harmonised result with the design violations (pipeline._design) added to its report."""
    import dataclasses

    from heroes_research.pipeline._design import design_report

    data = harmonised.data
    ids = (data[codebook.id].astype("string") if codebook.id is not None
           else pd.Series(range(len(data)), dtype="string"))
    files = {country: source.get("file") for country, source in harmonised.sources.items()}
    files = {c: None if f is None else str(f) for c, f in files.items()}
    design = design_report(codebook, data, ids.reset_index(drop=True), files)
    if design.empty:
        return harmonised
    return dataclasses.replace(harmonised, report=pd.concat([harmonised.report, design], ignore_index=True))


def _harmonise(codebook: Any, raw: Path, progress: Any, verb: str = "ingest") -> InstrumentResult:
    """Read and harmonise one country file at a time, then combine.

    Every check of ``harmonise`` works within a country (codes, ranges, duplicate
    ids, straight-lining, consistency), so harmonising country by country gives the
    same frame and report as harmonising all at once, while only one raw file is in
    memory at a time: raw SPSS data are float64 and several times the size of the
    harmonised frame (categoricals), so holding all of them would dominate the peak.
    The design declared in the codebook is then checked on the combined frame.
    """
    from heroes_research.cleaning import harmonise
    from heroes_research.study import country_categories

    step = f"{verb} {codebook.instrument!r}"
    parts = []
    for country, survey in _country_surveys(codebook, step):
        parts.append(harmonise({country: survey}, codebook, strict=False))
        del survey  # free the raw file before reading the next one
        if progress is not None:
            progress.update(1)
    if not parts:
        raise InputFileError(f"{step}: the codebook names no country file", file=codebook.path,
                             reason="missing_file",
                             hint="give each country under 'countries' its 'file' (or declare a pooled file)")
    order = list(country_categories(codebook))
    parts.sort(key=lambda part: order.index(next(iter(part.sources))))
    harmonised = _with_design_report(_combine(parts, codebook), codebook)
    files = harmonised.report["file"]
    relative = {f: _relative(f, raw) for f in files.dropna().unique()}
    report = harmonised.report.assign(file=files.map(relative).astype("string"))
    return InstrumentResult(codebook.instrument, harmonised, report,
                            _metadata(codebook, harmonised, raw, _is_demo(codebook)))


def harmonise_instrument(codebook_path: Path, *, raw: Path, progress: Any = None) -> InstrumentResult:
    """Read every country file of one instrument and harmonise them in memory (lenient).

    Parameters
    ----------
    codebook_path
        ``<raw>/<instrument>/codebook.yaml``.
    raw
        The raw-data folder; file names in the report and sidecar are relative to it.
    progress
        Optional tqdm bar, advanced by one per file read.

    Returns
    -------
    InstrumentResult
        The harmonised data, the validation report (file names relative to ``raw``)
        and the metadata written to the sidecar.

    Raises
    ------
    CodebookError, InputFileError
        The codebook or a country file cannot be read; the message names the
        instrument, the file and what to do.

    Example
    -------
    >>> from heroes_research.paths import demo_raw_dir
    >>> raw = demo_raw_dir()
    >>> result = harmonise_instrument(raw / "prevention" / "codebook.yaml", raw=raw)  # doctest: +SKIP
    >>> result.report["rule"].value_counts()  # doctest: +SKIP
    """
    return _harmonise(_load(codebook_path, "ingest"), raw, progress)


def _harmonise_all(
    raw: Path, instruments: Sequence[str] | None, progress: bool | None, verb: str
) -> list[InstrumentResult]:
    from tqdm.auto import tqdm

    codebooks = [_load(path, verb) for path in find_codebooks(raw, instruments)]
    _check_study(raw, codebooks, complete=not instruments)
    total = sum(m.file is not None for c in codebooks for m in c.countries.values())
    total += sum(len(c.pooled) for c in codebooks)
    # disable=None: the bar shows on a terminal only (not in logs, CI or tests)
    with tqdm(total=total, unit="file", desc="reading", disable=None if progress is None else not progress) as bar:
        return [_harmonise(codebook, raw, bar, verb) for codebook in codebooks]


def _check_study(raw: Path, codebooks: list[Any], complete: bool) -> None:
    """A study folder's countries (study.yaml) and its codebooks agree; see study.check_study_countries."""
    from heroes_research.study import SETTINGS_NAME, check_study_countries, load_study

    if (raw / SETTINGS_NAME).is_file():
        check_study_countries(load_study(raw), codebooks, require_data=complete)


def _check_blocking(results: Iterable[InstrumentResult], strict: bool) -> None:
    for result in results:
        error = blocking_error(result.instrument, result.report, strict=strict)
        if error is not None:
            raise error


def _write(result: InstrumentResult, out: Path) -> list[Path]:
    from heroes_research.io import atomic_write, write_processed
    from heroes_research.tables._injection import neutralise_formula

    report_path = out / f"{result.instrument}.validation.csv"
    with atomic_write(report_path) as handle:  # raw values and ids may start with '=' or '+'
        result.report.map(neutralise_formula).to_csv(handle, index=False, lineterminator="\n")
    parquet = write_processed(result.data, result.instrument, metadata=result.metadata, root=out)
    return [parquet, parquet.with_suffix(".json"), report_path]


def _write_generation(results: Sequence[InstrumentResult], out: Path) -> list[Path]:
    """Write every instrument into a new generation of ``out``, promoted as one set.

    A kill or an error at any point leaves the previous set of processed files in
    place (see :func:`heroes_research.io.processed_generation`).
    """
    from heroes_research._faults import fault_point
    from heroes_research.io import processed_generation

    with processed_generation(out) as generation:
        written = []
        for result in results:
            written += [out / path.name for path in _write(result, generation)]
            fault_point("ingest:write")
    return written


def _folders(raw: str | os.PathLike[str] | None, out: str | os.PathLike[str] | None) -> tuple[Path, Path]:
    from heroes_research.paths import demo_raw_dir, processed_dir

    return (Path(raw) if raw is not None else demo_raw_dir(),
            Path(out) if out is not None else processed_dir())


def ingest(
    raw: str | os.PathLike[str] | None = None,
    *,
    out: str | os.PathLike[str] | None = None,
    instruments: Sequence[str] | None = None,
    strict: bool = False,
    progress: bool | None = None,
) -> IngestResult:
    """Harmonise every instrument of ``raw`` and write ``out/<instrument>.parquet``.

    Parameters
    ----------
    raw
        Folder with one sub-folder per instrument (``codebook.yaml`` + country
        files); default ``data/raw/demo``.
    out
        Output folder; default ``data/processed``.
    instruments
        Only these instruments (folder names); default all.
    strict
        Refuse to write if any instrument has a violation (other than the warnings
        straight-lining and possible duplicates). Default: only violations that make
        the data unusable block (a codebook variable absent from a file); the rest
        go to ``<instrument>.validation.csv``.
    progress
        Show a progress bar over the files; default on a terminal only.

    Returns
    -------
    IngestResult
        Per-instrument results, the summary table and the files written.

    Raises
    ------
    InputFileError, CodebookError
        A file or codebook cannot be read.
    ValidationError
        Blocking violations; ``failures`` lists them. Nothing is written then.

    Notes
    -----
    For each instrument: ``<instrument>.parquet`` and its ``.json`` sidecar
    (io.write_processed; metadata: codebook version and sha256, sources with their
    sha256, ``demo`` flag and, for demo data, ``provenance.DEMO_NOTE``) and
    ``<instrument>.validation.csv`` (columns file, country, row_id, variable, value,
    rule, message). Identical inputs give byte-identical outputs.

    Example
    -------
    >>> from heroes_research.pipeline import ingest
    >>> result = ingest()  # doctest: +SKIP
    >>> result.summary()  # doctest: +SKIP
    """
    raw_dir, out_dir = _folders(raw, out)
    results = _harmonise_all(raw_dir, instruments, progress, "ingest")
    _check_blocking(results, strict)
    return IngestResult(tuple(results), tuple(_write_generation(results, out_dir)))


def validate(
    raw: str | os.PathLike[str] | None = None,
    *,
    instruments: Sequence[str] | None = None,
    progress: bool | None = None,
) -> IngestResult:
    """Check every instrument of ``raw`` against its codebook; write nothing.

    Parameters
    ----------
    raw
        Folder with one sub-folder per instrument; default ``data/raw/demo``.
    instruments
        Only these instruments (folder names); default all.
    progress
        Show a progress bar over the files; default on a terminal only.

    Returns
    -------
    IngestResult
        ``report`` lists every violation; ``written`` is empty.

    Raises
    ------
    InputFileError, CodebookError
        A file or codebook cannot be read.

    Example
    -------
    >>> from heroes_research.pipeline import validate
    >>> validate().report["rule"].value_counts()  # doctest: +SKIP
    """
    raw_dir, _ = _folders(raw, None)
    return IngestResult(tuple(_harmonise_all(raw_dir, instruments, progress, "validate")))
