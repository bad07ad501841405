"""Hostile text: articles written to attack whoever opens geokg's pages, and queries written to
read the server's files.

A real build of three articles whose text, titles, sources and URLs carry markup
(``<script>``, ``<img onerror>``, ``"><svg onload>``, ``</script>`` breaking out of a script,
``javascript:`` and ``data:`` URLs), into an output directory whose very name is markup. Every
HTML page geokg writes from it (graph.html, ``kg viz --view actors|timeline|map`` and the
``kg serve`` home page) is parsed with ``html.parser``: no element or attribute may come from
the text (only the page's own scripts, no ``on*`` attribute, no link but http(s)); nothing in a
script can end it; the text is there, as text. The HTML the graph page hands to ``innerHTML``
(its tooltips, in the page's data) is parsed the same way. The browser suite
(``tests/test_browser.py``) runs the graph, timeline and map pages on such an article in
Chromium; this file checks every page, statically, against more payloads.

Then the endpoint: no query reads a file (``LOAD``, ``FROM``/``FROM NAMED``/``GRAPH`` on
``file:`` IRIs however written, ``SERVICE <file:…>``), on GET and POST. ``tests/test_serve.py``
covers SERVICE to http, updates, ``FROM <file:…>``, ``BASE <file:…>`` and ``LOAD`` on GET.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.pipeline import build
from kg.serve import home_page, running

WEB = Path(__file__).resolve().parent.parent / "kg" / "data" / "web"
OUT_NAME = 'out"><svg onload=gkpwn(11)>'  # a directory name is text too
PAYLOADS = {
    "script": "<script>gkpwn(1)</script>",
    "img": '<img src=x onerror="gkpwn(2)">',
    "svg": '"><svg onload=gkpwn(3)>',
    "breakout": "</script><script>gkpwn(4)</script>",
    "iframe": "'><iframe src=javascript:gkpwn(5)>",
    "link": '<a href="javascript:gkpwn(6)">read more</a>',
    "comment": "<!--<script>gkpwn(12)</script>",
}
ARTICLES = [
    {
        "id": "hostile-1", "published": "2025-03-03", "source": "<b>Wire</b> <script>gkpwn(13)</script>",
        "title": f"Attack {PAYLOADS['svg']} {PAYLOADS['breakout']}", "url": "javascript:gkpwn(7)",
        "text": f"Russian forces attacked Kharkiv on Monday {PAYLOADS['script']}. Ukrainian President "
        f"Volodymyr Zelensky accused Russia of war crimes {PAYLOADS['img']} in Kyiv.",
    },
    {
        "id": "hostile-2", "published": "2025-03-04", "title": "<img src=x onerror=gkpwn(8)>",
        "url": "data:text/html,<script>gkpwn(9)</script>",
        "text": f"France accused Russia of targeting civilians {PAYLOADS['iframe']} in Kherson. German "
        f"Chancellor Olaf Scholz met Polish President Andrzej Duda in Warsaw {PAYLOADS['link']}.",
    },
    {
        "id": "hostile-3", "published": "2025-03-05", "title": f"Jenin {PAYLOADS['comment']}",
        "url": "https://example.org/news?q='onmouseover='gkpwn(10)",
        "text": "Israeli troops killed three Palestinians in Jenin on Tuesday, the Health Ministry said. "
        f"Israel accused Hamas of attacking Israeli soldiers {PAYLOADS['comment']} near Gaza.",
    },
]  # fmt: skip
DANGEROUS_TAGS = frozenset({"script", "img", "svg", "iframe", "object", "embed", "frame", "base", "form", "link", "meta", "style"})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset", "background"})


class Page(HTMLParser):
    """An HTML page as html.parser reads it: its elements, its scripts' contents, its text."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.elements if tag == name]


def scheme(url: str) -> str | None:
    """A URL's scheme as a browser reads it (it drops white space and controls: "java\tscript:")."""
    match = re.match(r"([a-z][a-z0-9+.-]*):", re.sub(r"[\x00-\x20\x7f]", "", url), re.I)
    return match[1].lower() if match else None


def unsafe_attributes(page: Page) -> list[str]:
    """Event-handler attributes, and links or sources to any scheme but http(s)."""
    found = []
    for tag, attrs in page.elements:
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}>")
            elif name in URL_ATTRIBUTES and value and scheme(value) not in (None, "http", "https"):
                found.append(f"<{tag} {name}={value[:40]!r}>")
    return found


def strings(data: object) -> Iterator[str]:
    """Every string in a JSON value."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)


def page_data(page: Page) -> list[str]:
    """The strings of the page's data (its ``<script type="application/json">``)."""
    [index] = [i for i, (tag, attrs) in enumerate(t for t in page.elements if t[0] == "script") if attrs.get("type") == "application/json"]
    return list(strings(json.loads(page.scripts[index])))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, nlp) -> Path:
    """The build of the hostile articles: its output directory (named with markup)."""
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "hostile.jsonl").write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    out = folder / OUT_NAME
    report = build([folder / "hostile.jsonl"], out, progress=False)
    assert report.documents_added == 3 and report.events_total >= 4 and not report.failed
    return out


def write_view(out: Path, view: str) -> Path:
    """``kg viz OUT --view VIEW``, through the command."""
    path = out.parent / f"{view}.html"
    result = CliRunner().invoke(app, ["viz", str(out), "--view", view, "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def pages(hostile) -> dict[str, str]:
    """Every HTML page geokg writes from the build, by name, and its template's markup."""
    found = {"graph": (hostile / "graph.html").read_text(encoding="utf-8")}
    for view in ("actors", "timeline", "map"):
        found[view] = write_view(hostile, view).read_text(encoding="utf-8")
    with running(hostile) as url:
        found["serve"] = httpx.get(url.removesuffix("/sparql") + "/", timeout=30).text
    return found


TEMPLATES = {"graph": "page.html", "actors": "page.html", "timeline": "timeline.html", "map": "map.html"}


def template(name: str) -> Page:
    if name == "serve":
        return Page(home_page("http://127.0.0.1:1/sparql", "geokg SPARQL endpoint: out"))
    return Page((WEB / TEMPLATES[name]).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["graph", "actors", "timeline", "map", "serve"])
def test_hostile_page_has_no_element_or_attribute_from_the_text(pages, name):
    page = Page(pages[name])
    own = template(name)
    assert len(page.tags("script")) == len(own.tags("script")), "only the page's own scripts"
    for tag in DANGEROUS_TAGS - {"script"}:
        assert len(page.tags(tag)) == len(own.tags(tag)), tag
    assert unsafe_attributes(page) == []
    assert not [value for _, attrs in page.elements for value in attrs.values() if value and "gkpwn(" in value]


@pytest.mark.parametrize("name", ["graph", "actors", "timeline", "map", "serve"])
def test_hostile_page_scripts_cannot_be_ended_by_the_text(pages, name):
    """The text reaches scripts only as the page's JSON data, where no "<" is left (so no
    "</script>" or "<!--" can end or bend the element); the page's own code has none of it."""
    page = Page(pages[name])
    for attrs, script in zip(page.tags("script"), page.scripts):
        if attrs.get("type") == "application/json":
            assert "<" not in script
        else:
            assert "gkpwn(" not in script


@pytest.mark.parametrize("name", ["graph", "actors", "timeline", "map", "serve"])
def test_hostile_page_shows_the_output_name_as_text(pages, name):
    page = Page(pages[name])
    assert any(OUT_NAME in text for text in page.text), "the title, escaped, reads as the name"
    assert OUT_NAME not in pages[name], "and never as markup"


@pytest.mark.parametrize("name", ["graph", "timeline", "map"])
def test_hostile_page_data_carries_the_text_and_no_script_url(pages, name):
    data = page_data(Page(pages[name]))
    assert not [s for s in data if re.match(r"\s*(javascript|data|vbscript):", s, re.I)]
    shown = "\n".join(data)
    if name == "graph":  # tooltips are HTML: the payloads are in them escaped, and read as text
        shown = "\n".join("".join(Page(s).text) for s in data)
    for key, payload in PAYLOADS.items():
        assert payload in shown, key


@pytest.mark.parametrize("name", ["graph", "actors"])
def test_hostile_tooltips_handed_to_inner_html_are_safe(pages, name):
    fragments = [Page(s) for s in page_data(Page(pages[name])) if "<" in s]
    assert fragments, "the page has tooltips"
    for fragment in fragments:
        assert not [tag for tag, _ in fragment.elements if tag in DANGEROUS_TAGS]
        assert unsafe_attributes(fragment) == []
    links = {attrs["href"] for fragment in fragments for attrs in fragment.tags("a")}
    assert links <= {ARTICLES[2]["url"]}, "the one http(s) URL, whole, is the only link"
    if name == "graph":
        assert links


# --------------------------------------------------------------------------- the endpoint

PASSWD = Path("/etc/passwd")
READ_FILES = [
    "SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <file:///etc/passwd> { ?s ?p ?o } }",
    "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "SELECT * WHERE { GRAPH <file:///etc/passwd> { ?s ?p ?o } }",
    r"SELECT * FROM <\u0066ile:///etc/passwd> WHERE { ?s ?p ?o }",
    "SELECT * FROM <FILE:///etc/passwd> WHERE { ?s ?p ?o }",
    "PREFIX f: <file:///etc/> SELECT * FROM f:passwd WHERE { ?s ?p ?o }",
    "CONSTRUCT { ?s ?p ?o } FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "ASK FROM <file:///etc/passwd> { ?s ?p ?o }",
    "DESCRIBE <file:///etc/passwd>",
    "LOAD SILENT <file:///etc/passwd> INTO GRAPH <urn:x:passwd>",
    "SELECT * WHERE { ?s ?p ?o } ; LOAD <file:///etc/passwd>",
]


@pytest.fixture(scope="module")
def endpoint(hostile):
    with running(hostile, max_rows=100) as url:
        yield url


def requests(endpoint: str, query: str) -> list[httpx.Response]:
    return [
        httpx.get(endpoint, params={"query": query}, timeout=30),
        httpx.post(endpoint, data={"query": query}, timeout=30),
        httpx.post(endpoint, content=query.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=30),
    ]


def passwd_lines() -> list[str]:
    return [line.split(":", 1)[0] + ":" for line in PASSWD.read_text().splitlines() if line.count(":") >= 6][:5]


@pytest.mark.parametrize("query", READ_FILES)
def test_hostile_endpoint_refuses_to_read_files(endpoint, query):
    for r in requests(endpoint, query):
        assert r.status_code in (400, 403), (r.request.method, r.status_code, r.text[:200])
        assert len(r.text.splitlines()) == 1
        assert not any(line in r.text for line in passwd_lines() if line != "root:") and "root:x:0:0" not in r.text


def test_hostile_endpoint_computed_file_iri_names_no_graph(endpoint):
    """A graph name computed at run time passes the check, but Oxigraph never dereferences a
    graph name: the query sees the store's graphs only, and there is none of that name."""
    query = "SELECT * WHERE { BIND(IRI(CONCAT('fi', 'le:///etc/passwd')) AS ?g) GRAPH ?g { ?s ?p ?o } }"
    for r in requests(endpoint, query):
        assert r.status_code == 200 and r.json()["results"]["bindings"] == []


def test_hostile_endpoint_stores_nothing_from_a_load(endpoint):
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:x:passwd> { ?s ?p ?o } }"
    for update in ("LOAD <file:///etc/passwd> INTO GRAPH <urn:x:passwd>", "LOAD <https://example.org/> INTO GRAPH <urn:x:passwd>"):
        for r in (httpx.post(endpoint, data={"update": update}, timeout=30), httpx.post(endpoint, content=update.encode(), headers={"Content-Type": "application/sparql-update"}, timeout=30)):
            assert r.status_code == 403
    assert httpx.get(endpoint, params={"query": count}, timeout=30).json()["results"]["bindings"][0]["n"]["value"] == "0"
