"""Parts of the report site: its style and search script, the executed-notebook pages, the data dictionaries."""

from __future__ import annotations

import html
import re
from pathlib import Path

from heroes_research.build._registry import NotebookSpec
from heroes_research.io import atomic_write
from heroes_research.tables._writers import TABLE_CSS

__all__ = ["SITE_CSS", "SITE_SCRIPT", "decorate_notebook_page", "write_codebook_pages"]

SITE_CSS = TABLE_CSS + """
*{box-sizing:border-box}
body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;margin:0;color:#222;background:#fafafa;line-height:1.4}
header{background:#1f3a5f;color:#fff;padding:1em 1.5em}header h1{margin:0;font-size:1.5em}
.prov-head{margin:.3em 0 0;font-size:.8em;opacity:.9;overflow-wrap:anywhere}
.banner{background:#fff3cd;color:#5c4400;border:1px solid #e0c36c;padding:.4em .8em;border-radius:4px;
margin:.5em 0 0;font-size:.9em}
.layout{display:grid;grid-template-columns:290px minmax(0,1fr);gap:1.2em;padding:1em 1.5em}
nav.toc{position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto;font-size:.85em;
background:#fff;border:1px solid #ddd;border-radius:6px;padding:.8em}
nav.toc ul{list-style:none;padding-left:.6em;margin:.2em 0}nav.toc li{margin:.25em 0}
nav.toc h3{margin:.8em 0 .2em;font-size:1em;color:#1f3a5f}
nav.toc input{width:100%;padding:.4em;font-size:1em;margin:.3em 0}#hits{margin:0;color:#555}
main{min-width:0}section{background:#fff;border:1px solid #ddd;border-radius:6px;padding:1em 1.2em;margin:0 0 1.2em}
h2{margin-top:0;color:#1f3a5f;font-size:1.25em}
.status{font-size:.7em;padding:.15em .5em;border-radius:3px;background:#e3efe3;vertical-align:middle}
.status.failed,.status.skipped{background:#f6d5d5}
figure.output{margin:1.2em 0 0;border-top:1px solid #eee;padding-top:1em}
figure.output img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:.95em;margin:0 0 .5em}.source{font-size:.85em;margin:.4em 0 0}
.prov{font-size:.75em;color:#555;overflow-wrap:anywhere;margin:.2em 0 0}
.params{font-size:.85em;margin:.4em 0}.params table{border-collapse:collapse}
.params th,.params td{padding:.1em .6em;border-bottom:1px solid #eee;text-align:left}
.hidden{display:none}
figure.output .heroes-table caption{position:absolute;left:-10000px}  /* the figcaption says it; kept for screen readers */
@media (max-width:900px){.layout{grid-template-columns:1fr;padding:.6em}
nav.toc{position:static;max-height:none}nav.toc ul.contents{max-height:40vh;overflow:auto}
header{padding:.8em}section{padding:.8em}}
"""

#: Filters outputs and contents entries by every word typed (titles, captions, numbers, names).
SITE_SCRIPT = """
(function(){
  var box=document.getElementById('q'),hits=document.getElementById('hits');
  var items=[].slice.call(document.querySelectorAll('[data-search]'));
  box.addEventListener('input',function(){
    var words=box.value.toLowerCase().split(/\\s+/).filter(Boolean),shown=0;
    items.forEach(function(el){
      var ok=words.every(function(w){return el.getAttribute('data-search').indexOf(w)>=0;});
      el.classList.toggle('hidden',!ok);
      if(ok&&el.tagName==='FIGURE'){shown++;}
    });
    hits.textContent=words.length?shown+' matching outputs':'';
  });
})();
"""

_MARK = "<!-- heroes-site -->"
_TITLE = re.compile(r"<title>.*?</title>", re.DOTALL)
_BODY = re.compile(r"<body[^>]*>")


def decorate_notebook_page(page: Path, spec: NotebookSpec) -> None:
    """Title an executed notebook page with its notebook and link it back to the site (once).

    The build calls it on the staged page, before the page is promoted and its hash
    recorded, so a decorated page is what the cache knows.
    """
    if not page.is_file():
        return
    text = page.read_text(encoding="utf-8")
    if _MARK in text:
        return
    title = f"<title>{html.escape(spec.title)} · executed notebook</title>"
    back = (f'{_MARK}<p style="font:14px sans-serif;margin:.6em 1em"><a href="../index.html#{spec.name}">'
            f"← HEROES research outputs</a> · executed notebook <code>notebooks/{spec.name}.py</code></p>")
    text = _TITLE.sub(lambda _, title=title: title, text, count=1)
    text = _BODY.sub(lambda m, back=back: m.group() + back, text, count=1)
    with atomic_write(page) as handle:
        handle.write(text)


def _codebook_page(codebook: object) -> str:
    from heroes_research.tables import PublicationTable
    from heroes_research.tables._writers import html_fragment

    table = codebook.variables_table().set_index("name").rename_axis("Variable")  # type: ignore[attr-defined]
    missing = "; ".join(f"{code} = {label}" for code, label in codebook.missing.items()) or "none"  # type: ignore[attr-defined]
    fragment = html_fragment(PublicationTable(
        table, title=f"{codebook.title or codebook.instrument} (codebook version {codebook.version})",  # type: ignore[attr-defined]
        source=f"codebook {codebook.path.name if codebook.path else codebook.instrument}",  # type: ignore[attr-defined]
        note=f"Missing codes shared by the coded variables: {missing}. codes: harmonised code = label; "
             "countries: the countries whose file maps the variable."))
    name = html.escape(codebook.instrument)  # type: ignore[attr-defined]
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Data dictionary: {name}</title><style>{SITE_CSS}</style></head><body><main>"
            f'<p><a href="../index.html">← HEROES research outputs</a></p><h1>Data dictionary: {name}</h1>'
            f"{fragment}</main></body></html>\n")


def write_codebook_pages(reports: Path) -> list[tuple[str, str]]:
    """``reports/codebooks/<instrument>.html`` per codebook of data/raw; ``(name, href)`` each."""
    from heroes_research.codebook import load_codebook
    from heroes_research.errors import HeroesError
    from heroes_research.paths import raw_dir

    links = []
    for path in sorted(raw_dir().glob("*/*/codebook.yaml")) + sorted(raw_dir().glob("*/codebook.yaml")):
        try:
            codebook = load_codebook(path)
        except HeroesError:
            continue  # an invalid codebook is reported by `heroes validate`, not by the site
        target = reports / "codebooks" / f"{codebook.instrument}.html"
        with atomic_write(target) as handle:
            handle.write(_codebook_page(codebook))
        links.append((codebook.instrument, f"codebooks/{codebook.instrument}.html"))
    return links
