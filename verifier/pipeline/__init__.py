"""The data's path, stage after stage: sources -> detect -> resolve -> judge -> store.

The only package (with `cli`) that calls every stage.

    verify.py     verify(): read sources, find embeds, resolve, judge, store; import_posts()
    recheck.py    recheck(): fetch archived originals again, and judge again what rests on them
    parallel.py   pages read and searched on every core, results in input order
    shards.py     one WARC shard into a part file; parts merged; pending posts fetched once
    cluster.py    scan(): the shards as Dask tasks (the optional `dask` extra)
"""
