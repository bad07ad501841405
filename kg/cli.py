"""The ``kg`` command: a thin layer over the Python API (each command parses, calls, prints)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from .errors import GeokgError
from .records import DocumentError

app = typer.Typer(
    name="kg",
    rich_markup_mode="rich",
    no_args_is_help=True,
    help="geokg: knowledge graphs of geopolitical events (CAMEO/PLOVER-coded) from news text.",
)
out_console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

Inputs = Annotated[list[str], typer.Argument(help="Files (.txt .md .html .jsonl .csv), directories, or - for stdin.")]
Published = Annotated[
    Optional[str], typer.Option("--published", help="Article date YYYY-MM-DD for inputs that carry none.")
]
Model = Annotated[Optional[str], typer.Option("--model", help="An installed spaCy pipeline to use instead of the default.")]
NoMerge = Annotated[
    bool, typer.Option("--no-merge", help="Make each report its own event (undo the merging of reports of one event).")
]
OutDir = Annotated[Path, typer.Argument(help="A build directory written by `kg build`.", exists=True, file_okay=False)]
Workers = Annotated[
    int, typer.Option("--workers", min=1, help="Processes extracting at once, each with its own copy of the model (same output as 1).")
]


def _published(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form", param_hint="--published") from None


def _report_error(error: DocumentError) -> None:
    print(f"error: {error}", file=sys.stderr)


def _fail(exc: GeokgError) -> typer.Exit:
    print(f"error: {exc}", file=sys.stderr)
    return typer.Exit(1)


@app.command()
def build(
    inputs: Inputs,
    out: Annotated[Path, typer.Option("-o", "--out", help="Output directory (created if missing).")] = Path("out"),
    published: Published = None,
    model: Model = None,
    no_html: Annotated[bool, typer.Option("--no-html", help="Do not write graph.html.")] = False,
    no_merge: NoMerge = False,
    store: Annotated[
        Optional[str],
        typer.Option(
            "--store", help="A SPARQL 1.1 server to keep the graph in (e.g. http://127.0.0.1:7878 for `oxigraph serve`) "
            "instead of OUT/store; OUT remembers it for later commands.",
        ),
    ] = None,
    workers: Annotated[
        Optional[int],
        typer.Option("--workers", min=1, help="Processes extracting at once, each with its own copy of the model (default 1; "
                     "with --dask local, the cluster's workers, default 2). The graph is the same."),
    ] = None,
    dask: Annotated[
        Optional[str],
        typer.Option(
            "--dask", metavar="ADDRESS", help="Extract on a Dask cluster: its scheduler (tcp://host:8786), or 'local' "
            "for a LocalCluster of --workers processes (2 if not given).",
        ),
    ] = None,
) -> None:
    """Build or update the knowledge graph of INPUTS in OUT: store, graph.ttl, graph.html, events.csv, report.json."""
    from .pipeline import build as run_build

    try:
        report = run_build(
            inputs, out, published=_published(published), model=model, on_error=_report_error, html=not no_html,
            merging=not no_merge, store_url=store, workers=workers or (2 if dask == "local" else 1), dask=dask,
        )  # fmt: skip
    except GeokgError as exc:
        raise _fail(exc) from None
    out_console.print(
        f"documents: {report.documents_read} read, {report.documents_added} added, "
        f"{report.documents_unchanged} unchanged, {report.documents_duplicate} duplicate, {len(report.failed)} failed"
    )
    _print_outputs(report)
    raise typer.Exit(report.exit_code)


@app.command()
def remove(
    out: OutDir,
    documents: Annotated[list[str], typer.Argument(help="Article ids (as in report.json), IRIs or content hashes.")],
    no_html: Annotated[bool, typer.Option("--no-html", help="Do not write graph.html.")] = False,
    no_merge: NoMerge = False,
) -> None:
    """Remove articles from the build in OUT: their graphs go, the events they reported are recomputed."""
    from .pipeline import remove as run_remove

    try:
        report = run_remove(documents, out, html=not no_html, merging=not no_merge)
    except GeokgError as exc:
        raise _fail(exc) from None
    for failure in report.failed:
        print(f"error: {failure['reason']}", file=sys.stderr)
    out_console.print(f"documents: {report.documents_removed} removed, {len(report.failed)} not found")
    _print_outputs(report)
    raise typer.Exit(0 if not report.failed else 2 if report.documents_removed else 1)


def _print_outputs(report) -> None:
    o = report.outputs
    out_console.print(
        f"events: {report.events_total} in the graph ({report.events_added:+d}), {report.events_merged} "
        f"reported by several articles or mentions; triples: {report.triples}"
    )
    out_console.print(f"store:   {o.get('store')}")
    out_console.print(f"turtle:  {o.get('turtle')}")
    if "html" in o:
        out_console.print(f"html:    {o['html']}")
    out_console.print(f"events:  {o.get('events_csv')}")
    out_console.print(f"report:  {o.get('report')}")


@app.command()
def extract(
    inputs: Inputs,
    fmt: Annotated[str, typer.Option("--format", help="jsonl or csv.")] = "jsonl",
    published: Published = None,
    model: Model = None,
    workers: Workers = 1,
) -> None:
    """Print the events found in INPUTS (no graph is built): one JSON object a line, or CSV."""
    from .export import event_row, rows_to_csv
    from .pipeline import extract_events

    if fmt not in ("jsonl", "csv"):
        raise typer.BadParameter(f"{fmt!r}: use jsonl or csv", param_hint="--format")
    errors: list[DocumentError] = []
    try:
        events = extract_events(
            inputs, published=_published(published), model=model, on_error=_report_error, errors=errors, workers=workers
        )
        if fmt == "jsonl":
            for event in events:
                sys.stdout.write(json.dumps(event.to_json(), ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(rows_to_csv(event_row(e) for e in events))
    except GeokgError as exc:
        raise _fail(exc) from None
    sys.stdout.flush()
    if errors:
        raise typer.Exit(2)  # partial: the errors were printed, the rest was extracted


@app.command()
def query(
    out: Annotated[
        Optional[Path], typer.Argument(help="A build directory written by `kg build`.", exists=True, file_okay=False)
    ] = None,
    sparql: Annotated[
        Optional[str], typer.Argument(help="SPARQL, a .rq file, or the name of a saved query (see --list).")
    ] = None,
    params: Annotated[
        Optional[list[str]], typer.Option("--param", "-p", help="A saved query's parameter, key=value (repeatable).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, tsv or json (SPARQL 1.1 results formats).")] = "table",
    list_saved: Annotated[bool, typer.Option("--list", help="List the saved queries and their parameters.")] = False,
) -> None:
    """Run a SPARQL query, a .rq file or a saved query on the graph in OUT (all articles' graphs as the default graph)."""
    from .query import RESULT_FORMATS, display, format_result, load_query, parse_params, run_query, saved_queries
    from .serve import check_query
    from .store import open_store

    if list_saved:
        sys.stdout.write("\n\n".join(q.usage() for q in saved_queries()) + "\n")
        return
    if out is None or sparql is None:
        raise typer.BadParameter("give OUT and a query (SPARQL, a .rq file or a saved query's name), or --list")
    if fmt not in RESULT_FORMATS:
        raise typer.BadParameter(f"{fmt!r}: use one of {', '.join(RESULT_FORMATS)}", param_hint="--format")
    try:
        text = load_query(sparql).render(parse_params(params))
        check_query(text, where="kg query")  # offline and read-only: no SERVICE, no file:, no Update
        with open_store(out, read_only=True) as store:
            result = run_query(store, text)
    except (GeokgError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise typer.Exit(1) from None
    if fmt != "table" or result.kind != "select":
        sys.stdout.write(format_result(result, fmt).rstrip("\n") + "\n")
        return
    table = Table(*result.variables, show_lines=False)
    for row in result.terms:
        table.add_row(*(display(t) for t in row))
    out_console.print(table)
    out_console.print(f"{len(result.terms)} row(s)")


@app.command()
def export(
    out: OutDir,
    fmt: Annotated[
        Optional[str],
        typer.Option(
            "--format",
            help="ttl, nt, nq, trig, jsonld, graphml, gexf or csv (default: from the -o suffix, else ttl).",
        ),
    ] = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="File to write (default: stdout).")] = None,
) -> None:
    """Export the graph in OUT: Turtle, N-Triples, N-Quads/TriG (a named graph per article), JSON-LD
    (with the geokg context), GraphML/GEXF (the actor-event network) or the events CSV (GDELT/ACLED-like)."""
    from .export import EXPORT_FORMATS, export as run_export, export_bytes, format_for
    from .store import open_store

    if fmt is not None and fmt not in EXPORT_FORMATS:
        raise typer.BadParameter(f"{fmt!r}: use one of {', '.join(EXPORT_FORMATS)}", param_hint="--format")
    fmt = format_for(output, fmt)
    try:
        with open_store(out, read_only=True) as store:
            if output is None:
                sys.stdout.buffer.write(export_bytes(store, fmt))
            else:
                run_export(store, fmt, output)
                out_console.print(f"wrote {output} ({fmt})")
    except (GeokgError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise typer.Exit(1) from None


@app.command()
def stats(
    out: OutDir,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Counts of the graph in OUT: articles, events, actors, places, triples, events by QuadClass and CAMEO root."""
    from .stats import graph_stats
    from .store import open_store

    try:
        with open_store(out, read_only=True) as store:
            s = graph_stats(store)
    except GeokgError as exc:
        raise _fail(exc) from None
    if as_json:
        sys.stdout.write(json.dumps(s, indent=2) + "\n")
        return
    table = Table("what", "count")
    for key, value in s.items():
        if isinstance(value, dict):
            for k, v in value.items():
                table.add_row(f"{key} {k}", str(v))
        else:
            table.add_row(key, str(value))
    out_console.print(table)


@app.command()
def viz(
    out: OutDir,
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write.")] = Path("graph.html"),
    view: Annotated[
        str,
        typer.Option(
            "--view",
            help="graph (actors, events, places), actors (actors and their dyads), timeline (events per dyad over time) or map.",
        ),
    ] = "graph",
    max_nodes: Annotated[
        int, typer.Option("--max-nodes", min=1, help="Past this many nodes (graph, actors) keep the most connected actors.")
    ] = 2000,
) -> None:
    """Write a self-contained interactive page of the graph in OUT (no CDN, works offline)."""
    from .store import open_store
    from .viz import VIEWS, write_page

    if view not in (*VIEWS, "timeline", "map"):
        raise typer.BadParameter(f"{view!r}: use one of {', '.join((*VIEWS, 'timeline', 'map'))}", param_hint="--view")
    title = f"geokg: {out.name}" if view == "graph" else f"geokg {view}: {out.name}"
    try:
        with open_store(out, read_only=True) as store:
            if view in VIEWS:
                path = write_page(store, output, title=title, max_nodes=max_nodes, view=view)
            else:
                from . import views

                write = views.write_timeline if view == "timeline" else views.write_map
                path = write(store.store, output, title=title)
    except GeokgError as exc:
        raise _fail(exc) from None
    out_console.print(f"wrote {path}")


@app.command()
def analyze(
    out: OutDir,
    top: Annotated[int, typer.Option("--top", help="Rows per table (0: all).", min=0)] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
    level: Annotated[
        str, typer.Option("--level", help="actor (as the text names them) or country (every actor counted for its country).")
    ] = "actor",
) -> None:
    """Network metrics of the graph in OUT: actors' degree, betweenness and PageRank, communities, the most
    conflictual and most cooperative dyads, QuadClass counts by month."""
    from .analyze import LEVELS, analyze as run_analyze, tables
    from .store import open_store

    if level not in LEVELS:
        raise typer.BadParameter(f"{level!r}: use one of {', '.join(LEVELS)}", param_hint="--level")
    try:
        with open_store(out, read_only=True) as store:
            result = run_analyze(store, top=top or None, level=level)
    except GeokgError as exc:
        raise _fail(exc) from None
    if as_json:
        sys.stdout.write(json.dumps(result.to_json(), indent=2, sort_keys=True) + "\n")
        return
    for table in tables(result):
        out_console.print(table)
    for note in result.notes:
        out_console.print(f"note: {note}", markup=False)


@app.command()
def serve(
    out: OutDir,
    host: Annotated[str, typer.Option("--host", help="Address to listen on; 127.0.0.1 is this machine only.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port (0: a free one).", min=0, max=65535)] = 7878,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds a query may run before it is stopped (503).", min=0.1)] = 10.0,
    max_rows: Annotated[
        int, typer.Option("--max-rows", help="Most solutions (triples for CONSTRUCT) sent; more are cut, with X-Geokg-Truncated: true.", min=1)
    ] = 10_000,
    max_bytes: Annotated[int, typer.Option("--max-bytes", help="Most bytes of results sent (cut likewise).", min=1024)] = 16 * 1024 * 1024,
    max_memory: Annotated[int, typer.Option("--max-memory", help="MB of memory a query's worker may use before it is stopped (503).", min=64)] = 1024,
    workers: Annotated[int, typer.Option("--workers", help="Query worker processes (queries answered at once).", min=1, max=64)] = 2,
    quiet: Annotated[bool, typer.Option("--quiet", help="Do not log requests.")] = False,
    memory: Annotated[
        bool, typer.Option("--memory", help="Answer from an in-memory copy of the graph in each worker (faster on large graphs; the graph's size in memory per worker).")
    ] = False,
) -> None:
    """Serve the graph in OUT read-only at http://HOST:PORT/sparql (SPARQL 1.1 Protocol) until Ctrl-C."""
    from .serve import exposure_warning, serve as run_serve

    def ready(url: str) -> None:
        print(f"SPARQL endpoint: {url} (read-only; Ctrl-C stops it)", flush=True)

    if warning := exposure_warning(host):
        print(warning, file=sys.stderr)
    try:
        run_serve(
            out, host=host, port=port, timeout=timeout, max_rows=max_rows, max_bytes=max_bytes, max_memory_mb=max_memory,
            workers=workers, log=not quiet, on_ready=ready, in_memory=memory,
        )  # fmt: skip
    except GeokgError as exc:
        raise _fail(exc) from None


@app.command()
def validate(
    out: OutDir,
    shapes: Annotated[
        Optional[Path],
        typer.Option("--shapes", help="SHACL shapes (Turtle) to use instead of ontologies/shapes.ttl.", exists=True, dir_okay=False),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="text, json or turtle (the SHACL results graph).")] = "text",
) -> None:
    """Check the graph in OUT against the SHACL shapes: a line per problem, then a summary.

    Exit 0 when the graph conforms (warnings and infos allowed), 1 with violations, 2 when it cannot be checked.
    """
    from .store import open_store
    from .validate import FORMATS, format_report, validate as run_validate

    if fmt not in FORMATS:
        raise typer.BadParameter(f"{fmt!r}: use one of {', '.join(FORMATS)}", param_hint="--format")
    try:
        with open_store(out, read_only=True) as store:
            report = run_validate(store, shapes)
    except GeokgError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None  # could not validate: not 1, which says the graph has violations
    sys.stdout.write(format_report(report, fmt))  # not rich: messages hold brackets and quotes
    raise typer.Exit(0 if report.conforms else 1)


@app.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="A gold JSONL file (see shared/eval/README.md).", exists=True, dir_okay=False)],
    model: Model = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    details: Annotated[
        bool,
        typer.Option(
            "--details",
            help="After the totals, list each record that is not perfect: gold events missed, found by type "
            "but not as a triple (with the closest prediction and what failed), and extra predictions "
            "(with --json: a \"records\" list).",
        ),
    ] = False,
) -> None:
    """Score the extractor against a gold file: type and triple precision/recall/F1, source-country accuracy."""
    from .evaluate import evaluate_file

    try:
        scores = evaluate_file(gold, model=model, details=details)
    except GeokgError as exc:
        raise _fail(exc) from None
    if as_json:
        sys.stdout.write(json.dumps(scores.to_json(), indent=2) + "\n")
        return
    for line in scores.lines():
        out_console.print(line)
    if details:
        out_console.print()
        for line in scores.detail_lines():  # record text is printed as it is: no rich markup or emoji codes
            out_console.print(line, markup=False, emoji=False)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
