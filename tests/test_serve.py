"""`kg serve`: the SPARQL 1.1 Protocol endpoint, through real clients (SPARQLWrapper, httpx).

One server runs in a thread for the module (``running``, max-rows 50, 200 MB); one runs as the real
``kg serve`` command (``--timeout 1 --workers 1``) for the time limit, the default address and
a clean stop.
"""

from __future__ import annotations

import csv
import io
import json
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from xml.dom.minidom import Document

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import ReadOnlyEndpoint, UnsafeQuery
from kg.serve import check_query, choose_format, exposure_warning, negotiate, running

MAX_ROWS = 50
MAX_MEMORY_MB = 200
EVENT_LABELS = "SELECT ?e ?label WHERE { ?e a sem:Event ; rdfs:label ?label } ORDER BY ?e"
EVENT_TYPES = "CONSTRUCT { ?e a sem:Event ; rdfs:label ?label } WHERE { ?e a sem:Event ; rdfs:label ?label }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
HEAVY = "SELECT ?a (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } GROUP BY ?a"
GREEDY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?f ?c"  # sorts 1651² rows: gigabytes
UPDATES = ("INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }", "DELETE WHERE { ?s ?p ?o }", "DROP ALL", "LOAD <file:///etc/passwd>")


@pytest.fixture(scope="module")
def endpoint(seed_build):
    with running(seed_build[0], max_rows=MAX_ROWS, max_memory_mb=MAX_MEMORY_MB, workers=2) as url:
        yield url


@pytest.fixture(scope="module")
def expected(seed_build):
    """What the store itself answers, read directly (not through the server)."""
    from kg.store import open_store

    with open_store(seed_build[0], read_only=True) as store:
        labels = {(r["e"].value, r["label"].value) for r in store.query(EVENT_LABELS)}
        count = int(next(iter(store.query(COUNT)))["n"].value)
    return {"labels": labels, "count": count}


@pytest.fixture(scope="module")
def command_server(seed_build):
    """The real `kg serve` command on a free port with a 1 s limit and one worker: (process, url)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", str(seed_build[0]), "--port", "0", "--timeout", "1", "--workers", "1", "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    line = proc.stdout.readline()
    if "http://" not in line:
        proc.kill()
        pytest.fail(f"kg serve did not start: {line}{proc.stderr.read()}")
    url = line.split()[2]
    yield proc, url
    if proc.poll() is None:
        proc.terminate()
        proc.wait(10)


def sparqlwrapper(url: str, query: str, fmt: str) -> object:
    client = SPARQLWrapper(url)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client.query().convert()


def get(url: str, query: str, **headers: str) -> httpx.Response:
    return httpx.get(url, params={"query": query}, headers=headers, timeout=30)


def triple_count(url: str) -> int:
    return int(get(url, COUNT).json()["results"]["bindings"][0]["n"]["value"])


# --- results, through SPARQLWrapper ---------------------------------------------------


def test_serve_select_json_with_sparqlwrapper(endpoint, expected):
    data = sparqlwrapper(endpoint, EVENT_LABELS, JSON)
    got = {(b["e"]["value"], b["label"]["value"]) for b in data["results"]["bindings"]}
    assert got == expected["labels"] and len(got) == 21


def test_serve_select_xml_with_sparqlwrapper(endpoint, expected):
    doc = sparqlwrapper(endpoint, EVENT_LABELS, XML)
    assert isinstance(doc, Document)
    labels = {n.firstChild.data for n in doc.getElementsByTagName("literal")}
    assert labels == {label for _, label in expected["labels"]}


@pytest.mark.parametrize(("fmt", "delimiter"), [(CSV, ","), (TSV, "\t")])
def test_serve_select_csv_tsv_with_sparqlwrapper(endpoint, expected, fmt, delimiter):
    text = sparqlwrapper(endpoint, EVENT_LABELS, fmt).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert rows[0] == (["e", "label"] if fmt == CSV else ["?e", "?label"])
    assert len(rows) == 1 + len(expected["labels"])


@pytest.mark.parametrize(("query", "answer"), [("ASK { ?e a sem:Event }", True), ("ASK { ?e a <urn:x:Nothing> }", False)])
def test_serve_ask_with_sparqlwrapper(endpoint, query, answer):
    assert sparqlwrapper(endpoint, query, JSON)["boolean"] is answer


def test_serve_construct_turtle_with_sparqlwrapper(endpoint, seed_build):
    from kg.store import open_store

    served = Graph().parse(data=sparqlwrapper(endpoint, EVENT_TYPES, TURTLE).decode("utf-8"), format="turtle")
    with open_store(seed_build[0], read_only=True) as store:
        direct = Graph().parse(data=store.query(EVENT_TYPES).serialize(format=ox.RdfFormat.N_TRIPLES), format="nt")
    assert len(served) == 42 and isomorphic(served, direct)


@pytest.mark.parametrize("method", ["post-form", "post-direct"])
def test_serve_select_by_post_with_sparqlwrapper(endpoint, expected, method):
    client = SPARQLWrapper(endpoint)
    client.setQuery(EVENT_LABELS)
    client.setReturnFormat(JSON)
    client.setMethod(POST)
    if method == "post-direct":
        client.setRequestMethod(POSTDIRECTLY)
    bindings = client.query().convert()["results"]["bindings"]
    assert {(b["e"]["value"], b["label"]["value"]) for b in bindings} == expected["labels"]


# --- the protocol, through httpx --------------------------------------------------------


@pytest.mark.parametrize("route", ["get", "post-form", "post-query"])
def test_serve_routes_give_the_same_answer(endpoint, expected, route):
    if route == "get":
        r = httpx.get(endpoint, params={"query": COUNT})
    elif route == "post-form":
        r = httpx.post(endpoint, data={"query": COUNT})
    else:
        r = httpx.post(endpoint, content=COUNT.encode(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/sparql-results+json"
    assert int(r.json()["results"]["bindings"][0]["n"]["value"]) == expected["count"]


def test_serve_union_default_graph_and_named_graphs(endpoint):
    data = get(endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?e a sem:Event } }").json()
    graphs = {b["g"]["value"] for b in data["results"]["bindings"]}
    assert any("/graph/events/" in g for g in graphs)


@pytest.mark.parametrize(
    ("query", "accept", "media"),
    [
        (COUNT, "text/csv", "text/csv; charset=utf-8"),
        (COUNT, "application/sparql-results+xml;q=0.9, text/tab-separated-values;q=0.5", "application/sparql-results+xml"),
        (COUNT, "text/html,application/xhtml+xml,*/*;q=0.8", "application/sparql-results+json"),
        (EVENT_TYPES, "", "text/turtle"),
        (EVENT_TYPES, "application/n-triples", "application/n-triples"),
        (EVENT_TYPES, "application/rdf+xml", "application/rdf+xml"),
    ],
)
def test_serve_negotiates_the_format_from_accept(endpoint, query, accept, media):
    r = get(endpoint, query, Accept=accept) if accept else get(endpoint, query)
    assert r.status_code == 200 and r.headers["content-type"] == media


def test_serve_format_parameter_beats_accept(endpoint):
    r = httpx.get(endpoint, params={"query": COUNT, "format": "csv"}, headers={"Accept": "application/sparql-results+json"})
    assert r.headers["content-type"].startswith("text/csv") and r.text.splitlines()[0] == "n"


def test_serve_unacceptable_format_is_406(endpoint):
    r = get(endpoint, COUNT, Accept="image/png")
    assert r.status_code == 406 and len(r.text.splitlines()) == 1


def test_serve_keeps_terms_exact_in_every_format(endpoint):
    query = 'SELECT ?x WHERE { VALUES ?x { "two\\nlines\\tand tab" "bonjour"@fr 1.5 <urn:x:a> } }'
    values = {(b["x"]["type"], b["x"]["value"], b["x"].get("xml:lang")) for b in get(endpoint, query).json()["results"]["bindings"]}
    assert values == {("literal", "two\nlines\tand tab", None), ("literal", "bonjour", "fr"), ("literal", "1.5", None), ("uri", "urn:x:a", None)}


def test_serve_cors_header_on_the_endpoint(endpoint):
    assert get(endpoint, COUNT).headers["access-control-allow-origin"] == "*"
    preflight = httpx.options(endpoint, headers={"Origin": "http://example.org", "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 204 and "POST" in preflight.headers["access-control-allow-methods"]


def test_serve_home_page_shows_endpoint_and_example(endpoint):
    r = httpx.get(endpoint.removesuffix("/sparql") + "/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert endpoint in r.text and "SELECT ?event" in r.text and "<textarea" in r.text


def test_serve_reflects_no_user_text_as_html(endpoint):
    root = endpoint.removesuffix("/sparql")
    for r in (httpx.get(root + "/<script>alert(1)</script>"), httpx.get(root + "/", params={"q": "<script>"})):
        assert "<script>" not in r.text


# --- safety -----------------------------------------------------------------------------


def test_serve_refuses_updates_on_every_route_and_changes_nothing(endpoint, expected):
    sparql_update = {"Content-Type": "application/sparql-update"}
    sparql_query = {"Content-Type": "application/sparql-query"}
    for update in UPDATES:
        for r in (
            httpx.get(endpoint, params={"query": update}),
            httpx.get(endpoint, params={"update": update}),
            httpx.post(endpoint, data={"update": update}),
            httpx.post(endpoint, data={"query": update}),
            httpx.post(endpoint, content=update.encode(), headers=sparql_update),
            httpx.post(endpoint, content=update.encode(), headers=sparql_query),
        ):
            assert r.status_code == 403, (update, r.request.method, r.text)
            assert len(r.text.splitlines()) == 1 and "read-only" in r.text
    assert triple_count(endpoint) == expected["count"]


def test_serve_sparqlwrapper_update_is_refused(endpoint, expected):
    client = SPARQLWrapper(endpoint)
    client.setMethod(POST)
    client.setQuery("DROP ALL")
    with pytest.raises(Exception, match="403"):
        client.query()
    assert triple_count(endpoint) == expected["count"]


@pytest.fixture()
def listener():
    """A TCP port that records whether anything connected to it."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    hits: list[bool] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                server.accept()[0].close()
                hits.append(True)
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], hits
    stop.set()
    thread.join()
    server.close()


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ ?x ?y ?z OPTIONAL {{ service silent <http://127.0.0.1:{port}/>{{?s ?p ?o}} }} }}",
        "SELECT * WHERE {{ ?x ?y ?z . LATERAL {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }} }}",
        "SELECT * WHERE {{ BIND(<http://127.0.0.1:{port}/> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
    ],
)
def test_serve_refuses_service_without_calling_it(endpoint, listener, template):
    port, hits = listener
    r = get(endpoint, template.format(port=port))
    assert r.status_code == 400 and "SERVICE" in r.text and len(r.text.splitlines()) == 1
    assert hits == []


def test_serve_answers_service_inside_a_string(endpoint):
    r = get(endpoint, 'SELECT ?x WHERE { BIND("SERVICE <http://example.org/> { }" AS ?x) } # SERVICE')
    assert r.status_code == 200 and r.json()["results"]["bindings"][0]["x"]["value"].startswith("SERVICE")


@pytest.mark.parametrize(
    "query", ["SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "BASE <file:///etc/> SELECT * WHERE { <passwd> ?p ?o }"]
)
def test_serve_refuses_file_iris(endpoint, query):
    r = get(endpoint, query)
    assert r.status_code == 400 and "file:" in r.text


def test_serve_load_file_is_refused(endpoint):
    for r in (get(endpoint, "LOAD <file:///etc/passwd>"), httpx.post(endpoint, data={"update": "LOAD <file:///etc/passwd>"})):
        assert r.status_code == 403 and "root:" not in r.text


def test_serve_limits_rows_and_says_so(endpoint, expected):
    assert expected["count"] > MAX_ROWS
    r = get(endpoint, "SELECT * WHERE { ?s ?p ?o }")
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == MAX_ROWS
    assert r.headers["x-geokg-truncated"] == "true"
    small = get(endpoint, "SELECT * WHERE { ?s ?p ?o } LIMIT 5")
    assert len(small.json()["results"]["bindings"]) == 5 and "x-geokg-truncated" not in small.headers


@pytest.mark.parametrize("accept", ["text/turtle", "application/n-triples"])
def test_serve_limits_construct_triples(endpoint, accept):
    r = get(endpoint, "CONSTRUCT WHERE { ?s ?p ?o }", Accept=accept)
    assert r.status_code == 200 and r.headers["x-geokg-truncated"] == "true"
    assert len(Graph().parse(data=r.text, format="turtle" if accept == "text/turtle" else "nt")) == MAX_ROWS


def test_serve_stops_a_query_that_needs_too_much_memory(endpoint, expected):
    r = get(endpoint, GREEDY)
    assert r.status_code == 503 and f"more than {MAX_MEMORY_MB} MB" in r.text
    assert triple_count(endpoint) == expected["count"]


def test_serve_bad_query_is_400_with_the_parser_line(endpoint):
    r = get(endpoint, "SELECT * WHERE {\n  ?s ?p }")
    assert r.status_code == 400 and len(r.text.splitlines()) == 1
    assert r.text.startswith("SPARQL query error: error at 2:")  # the user's line, not the pre-declared prefixes'


@pytest.mark.parametrize(
    ("params", "status"),
    [({}, 400), ({"query": [COUNT, COUNT]}, 400), ({"query": COUNT, "default-graph-uri": "urn:x:g"}, 400)],
)
def test_serve_refuses_malformed_requests(endpoint, params, status):
    r = httpx.get(endpoint, params=params)
    assert r.status_code == status and len(r.text.splitlines()) == 1


def test_serve_caps_the_query_and_the_request_body(endpoint):
    assert httpx.post(endpoint, data={"query": COUNT + "#" * 100_000}).status_code == 413
    r = httpx.post(endpoint, content=b"#" * 1_000_001, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413


def test_serve_refuses_other_content_types(endpoint):
    r = httpx.post(endpoint, content=b"{}", headers={"Content-Type": "application/json"})
    assert r.status_code == 415


# --- the command: time limit, default address, clean stop -----------------------------------


def test_serve_command_stops_a_slow_query_and_answers_the_next(command_server, expected):
    proc, url = command_server
    r = httpx.get(url, params={"query": HEAVY}, timeout=20)  # unlimited, it would run for hours
    assert r.status_code == 503 and "time limit of 1 s" in r.text and len(r.text.splitlines()) == 1
    assert triple_count(url) == expected["count"]
    assert proc.poll() is None


def test_serve_command_binds_loopback_by_default(command_server):
    _, url = command_server
    assert url.startswith("http://127.0.0.1:")
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))  # no packet is sent: this only picks the outward address
        outward = probe.getsockname()[0]
    except OSError:
        outward = None
    finally:
        probe.close()
    if outward is None or outward.startswith("127."):
        pytest.skip("this machine has no non-loopback address to probe")
    with pytest.raises(OSError):
        socket.create_connection((outward, port), timeout=2).close()


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def test_serve_command_stops_its_workers(command_server):
    proc, url = command_server
    assert get(url, "ASK {}").status_code == 200
    workers = _children(proc.pid)
    assert workers, "the server runs its queries in worker processes"
    proc.terminate()
    assert proc.wait(10) == 0
    deadline = time.monotonic() + 5
    while any(Path(f"/proc/{w}").exists() for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(Path(f"/proc/{w}").exists() for w in workers)


def test_serve_command_on_a_port_in_use_fails_in_one_line(seed_build):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = str(taken.getsockname()[1])
        result = CliRunner().invoke(app, ["serve", str(seed_build[0]), "--port", port])
    assert result.exit_code == 1 and f"127.0.0.1:{port}" in result.output and "Traceback" not in result.output


def test_serve_command_without_a_store_fails_in_one_line(tmp_path):
    result = CliRunner().invoke(app, ["serve", str(tmp_path), "--port", "0"])
    assert result.exit_code == 1 and "no geokg store" in result.output and "Traceback" not in result.output


# --- the guard and the negotiation, without a server -----------------------------------------


@pytest.mark.parametrize(
    ("query", "refused"),
    [
        ('SELECT * WHERE { ?s ?p "SERVICE <http://x/> { }" }', None),
        ("SELECT * WHERE { ?s ?p '''a SERVICE b''' } # SERVICE <x>", None),
        ("SELECT ?service WHERE { ?service a ex:SERVICE ; ex:a.SERVICE ?o }", None),
        ('SELECT * WHERE { ?s ?p "x"@service }', None),
        ("SELECT * WHERE { ?s ?p ?o LATERAL { SELECT ?x WHERE { ?s ?q ?x } LIMIT 1 } }", None),  # rdflib cannot parse it
        ("SELECT * WHERE { ?s ?p ?o . SERVICE <http://x/> { ?s ?p ?o } }", UnsafeQuery),
        ("select * where { ?s ?p ?o.service<http://x/>{?s ?p ?o} }", UnsafeQuery),
        ("SELECT * WHERE { \\u0053ERVICE <http://x/> { ?s ?p ?o } }", UnsafeQuery),
        ("SELECT * WHERE { ?s ?p ?o LATERAL { SERVICE <http://x/> { ?s ?q ?x } } }", UnsafeQuery),  # by the token scan
        ("SELECT * WHERE { ?s ?p 1SERVICE <http://x/> { ?s ?p ?o } }", UnsafeQuery),  # Oxigraph reads "1 SERVICE"
        ('SELECT * WHERE { ?s ?p "\\u0022" . ?s ?p <http://x/\\u0041#> SERVICE <http://x/> { ?s ?p ?o } }\n# """', UnsafeQuery),
        ("SELECT * WHERE { <\\u0066ile:///etc/passwd> ?p ?o }", UnsafeQuery),
        ("LOAD <file:///etc/passwd>", ReadOnlyEndpoint),
        ("PREFIX x: <http://x/> WITH <urn:x:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", ReadOnlyEndpoint),
        ("DROP ALLL", ReadOnlyEndpoint),  # not even an update rdflib can parse: still refused as one
    ],
)
def test_check_query_refuses_what_could_reach_out(query, refused):
    if refused is None:
        check_query(query)
    else:
        with pytest.raises(refused):
            check_query(query)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("", "a/x"),
        ("b/y", "b/y"),
        ("*/*;q=0.1, b/*", "b/y"),
        ("a/x;q=0.2, b/y;q=0.8", "b/y"),
        ("a/*;q=0, */*", "b/y"),
        ("c/z", None),
    ],
)
def test_negotiate_picks_the_clients_preference(accept, expected):
    assert negotiate(accept, ["a/x", "b/y"]) == expected


def test_choose_format_takes_sparqlwrappers_repeated_format():
    assert choose_format(False, "", ["tsv", "text/tab-separated-values"]) is ox.QueryResultsFormat.TSV
    assert choose_format(True, "", ["json"]) is ox.RdfFormat.JSON_LD


def test_exposure_warning_only_off_loopback():
    assert exposure_warning("127.0.0.1") is None and exposure_warning("localhost") is None and exposure_warning("::1") is None
    assert "other machines" in exposure_warning("0.0.0.0")


def test_running_stops_serving_on_exit(seed_build):
    with running(seed_build[0], workers=1) as url:
        assert json.loads(get(url, "ASK {}").text)["boolean"] is True
    with pytest.raises(httpx.ConnectError):
        httpx.get(url, params={"query": "ASK {}"}, timeout=2)


def test_in_memory_workers_answer_as_the_store_does_and_still_stop_greedy_queries(seed_build, expected):
    with running(seed_build[0], max_memory_mb=MAX_MEMORY_MB, workers=1, in_memory=True) as url:
        r = httpx.get(url, params={"query": COUNT}, headers={"Accept": "application/sparql-results+json"}, timeout=30)
        assert r.status_code == 200
        assert int(r.json()["results"]["bindings"][0]["n"]["value"]) == expected["count"]
        r = httpx.get(url, params={"query": GREEDY}, timeout=60)
        assert r.status_code == 503 and f"more than {MAX_MEMORY_MB} MB" in r.text
        r = httpx.get(url, params={"query": "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"}, timeout=30)
        assert r.status_code in (400, 403)
        r = httpx.get(url, params={"query": COUNT}, headers={"Accept": "application/sparql-results+json"}, timeout=30)
        assert int(r.json()["results"]["bindings"][0]["n"]["value"]) == expected["count"]  # a fresh worker, same graph
