"""What `verifier serve` hands Datasette: the files it reads and the arguments it takes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from verifier.publish.metadata import SETTINGS, build_datasette_1, build_metadata


def datasette_major_version() -> int:
    from datasette.version import __version__

    return int(__version__.split(".")[0])


def database_name(db_path: Path) -> str:
    """Datasette names a database after its file, without the extension."""
    return db_path.stem


def datasette_arguments(
    db_path: Path,
    directory: Path,
    *,
    host: str,
    port: int,
    immutable: bool = True,
    major_version: int | None = None,
) -> list[str]:
    """Write the archive's metadata (and, for Datasette 1.0, its configuration) into
    `directory`, and return the arguments of `datasette serve` for it.

    Immutable by default: Datasette then opens the file read-only and trusts it not to change,
    which a published archive does not. An archive a run is still writing is opened as Datasette
    opens any database: its pages only read it."""
    name = database_name(db_path)
    major = datasette_major_version() if major_version is None else major_version
    metadata_file = directory / "metadata.json"
    arguments = ["serve", "-i", str(db_path)] if immutable else ["serve", str(db_path)]
    if major >= 1:
        metadata, config = build_datasette_1(name)
        config_file = directory / "datasette.json"
        config_file.write_text(json.dumps(config, indent=2), encoding="utf-8")
        arguments += ["--config", str(config_file)]
    else:
        metadata = build_metadata(name)
        for setting, value in SETTINGS.items():
            arguments += ["--setting", setting, str(value)]
    metadata_file.write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    return [*arguments, "--metadata", str(metadata_file), "--host", host, "--port", str(port)]


def in_process(db_path: Path) -> Any:
    """The archive published as `verifier serve` would, without a server: for its pages read
    through Datasette's in-process client (`datasette.client`)."""
    from datasette.app import Datasette

    name = database_name(db_path)
    if datasette_major_version() >= 1:
        metadata, config = build_datasette_1(name)
        return Datasette(immutables=[str(db_path)], metadata=metadata, config=config)
    return Datasette(immutables=[str(db_path)], metadata=build_metadata(name), settings=SETTINGS)
