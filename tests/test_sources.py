"""Reading articles: files, folders, encodings, metadata, and bad input that must not stop a run."""

from __future__ import annotations

from pathlib import Path

from conftest import article_page

from verifier.models import Article, Problem
from verifier.sources.articles import archive_files, decode, iter_articles


def read(*sources: str) -> list[Article | Problem]:
    return list(iter_articles(list(sources)))


def test_text_article_date_marker_is_the_date_not_the_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(" date 2023-03 Elon Musk avait pourtant cofondé OpenAI.", encoding="utf-8")
    [article] = read(str(path))
    assert isinstance(article, Article)
    assert article.published == "2023-03"
    assert article.content == "Elon Musk avait pourtant cofondé OpenAI."
    assert not article.is_html


def test_html_metadata_title_date_language_canonical(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    page = article_page("<p>x</p>", title="Quotes", lang="fr-FR").replace(
        "</head>", '<link rel="canonical" href="https://news.example/quotes"></head>'
    )
    path.write_text(page, encoding="utf-8")
    [article] = read(str(path))
    assert isinstance(article, Article)
    assert (article.title, article.language, article.published, article.url) == (
        "Quotes",
        "fr",
        "2023-03-01",
        "https://news.example/quotes",
    )
    assert len(article.sha256) == 64


def test_folder_is_walked_in_order_and_archives_beside_articles_are_found(tmp_path: Path) -> None:
    (tmp_path / "b.html").write_text(article_page(""), encoding="utf-8")
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / "originals.jsonl").write_text("{}\n", encoding="utf-8")
    assert [a.source for a in read(str(tmp_path))] == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.html"),
    ]
    assert archive_files([str(tmp_path)]) == [tmp_path / "originals.jsonl"]


def test_bad_inputs_are_problems_that_name_the_input_and_the_rest_is_read(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    binary = tmp_path / "image.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    good = tmp_path / "good.txt"
    good.write_text("fine", encoding="utf-8")
    missing = tmp_path / "missing.html"
    results = read(str(empty), str(binary), str(missing), str(good))
    problems = [(Path(r.source).name, r.message) for r in results if isinstance(r, Problem)]
    assert problems == [
        ("empty.html", "empty file"),
        ("image.html", "binary file (NUL bytes): not an HTML or text article"),
        ("missing.html", "no such file or folder"),
    ]
    assert isinstance(results[-1], Article)


def test_an_empty_folder_is_a_problem(tmp_path: Path) -> None:
    [problem] = read(str(tmp_path))
    assert isinstance(problem, Problem)
    assert "no .html" in problem.message


def test_a_url_in_an_offline_run_is_a_problem() -> None:
    [problem] = read("https://news.example/a")
    assert isinstance(problem, Problem)
    assert problem.message == "cannot fetch a URL in an offline run"


def test_utf8_wins_over_a_wrong_declared_charset() -> None:
    data = '<meta charset="iso-8859-1"><p>Aujourd’hui café</p>'.encode()
    text, encoding = decode(data)
    assert "Aujourd’hui café" in text and encoding == "utf-8"


def test_cp1252_page_is_decoded_by_its_declaration() -> None:
    data = '<meta charset="windows-1252"><p>Aujourd’hui café</p>'.encode("cp1252")
    text, encoding = decode(data)
    assert "Aujourd’hui café" in text and encoding == "windows-1252"


def test_undeclared_legacy_encoding_is_guessed() -> None:
    data = ("<p>" + "Le café de la gare était fermé à cause de la grève. " * 5 + "</p>").encode(
        "latin-1"
    )
    text, _encoding = decode(data)
    assert "café de la gare était fermé" in text


def test_utf16_with_bom_is_not_mistaken_for_binary(tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes("Quoted — text".encode("utf-16"))
    [article] = read(str(path))
    assert isinstance(article, Article) and article.content == "Quoted — text"


def test_bytes_in_no_known_encoding_are_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "noise.html"
    path.write_bytes(bytes(range(128, 256)) * 40)
    [problem] = read(str(path))
    assert isinstance(problem, Problem)
    assert problem.message == "cannot tell the text encoding (not UTF-8, no usable charset)"


def test_an_unknown_declared_charset_falls_back_to_a_guess() -> None:
    body = "Le café de la gare était fermé à cause de la grève, a précisé la mairie. " * 4
    text, _encoding = decode(f'<meta charset="x-klingon"><p>{body}</p>'.encode("latin-1"))
    assert "café de la gare était fermé à cause de la grève" in text


def test_a_utf8_page_with_a_few_broken_bytes_stays_utf8() -> None:
    body = ("<p>Sprzeciw wobec ataków na Fundację; ją się zwyciężyć.</p>" * 200).encode()
    data = body[:5000] + b"\xc3(" + body[5000:]
    text, encoding = decode(data, declared="utf-8")
    assert "Fundację" in text and "zwyciężyć" in text
    assert encoding == "utf-8 (1 invalid byte sequence(s) replaced)"
