"""JSON Schemas of the content files, for editors with yaml-language-server."""

from __future__ import annotations

import json
from pathlib import Path

from routekaart.content import glossary, languages, model, monitor

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schema"


def schema_name(content_file: str) -> str:
    """The schema file for a content file: ``routekaart.yaml`` → ``routekaart.schema.json``."""
    return content_file.removesuffix(".yaml").replace("/", "-") + ".schema.json"


def schemas() -> dict[str, dict]:
    """Every content file's JSON Schema by schema file name."""
    found = {}
    models = {languages.FILE: languages.LanguageFile, **model.MODELS, **monitor.MODELS}
    for file, root in {**models, **glossary.MODELS}.items():
        schema = root.model_json_schema(by_alias=True)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"Routekaart content: {file}"
        found[schema_name(file)] = schema
    return found


def write(folder: Path = SCHEMA_DIR) -> list[Path]:
    """Write the schemas to ``folder``; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = folder / name
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written
