"""Publish: the archive handed to readers.

Takes the SQLite archive the store wrote (read-only); gives Datasette its metadata,
configuration and plugin (verdict pages, readable cells, stored queries), and the recorded
fetches as a WARC for other tools.

    metadata.py, columns.py, labels.py, queries.py   what Datasette is told, declared once
    plugin/, page.py, render.py                       the verdict page and readable cells
    serve.py                                          what `verifier serve` hands Datasette
    warc.py                                           every recorded answer as a WARC file

Reads the archive through Datasette's own connection or `verifier.store`; writes nothing.
"""
