"""The data's path, stage after stage: sources -> detect -> resolve -> judge -> store.

The only package (with `cli`) that calls every stage.

    verify.py     verify(): read sources, find embeds, resolve, judge, store; import_posts()
    recheck.py    recheck(): fetch archived originals again, and judge again what rests on them
"""
