"""The Chinese edition's catalogs (locale/zh_CN/LC_MESSAGES, tools/translations.py).

- They are current: the message templates built now from the English pages hold exactly the
  catalogs' entries, page by page (a new or changed English sentence would be missing; a
  deleted one would be left over). This builds the templates, about 20 seconds.
- They are complete: no entry is untranslated or fuzzy.
- Each translation keeps its English's math, code spans, roles and link targets, and as
  many bold and italic spans as MyST finds in the English.
- Each translated glue role names its notebook, the form the Chinese build needs.
- The Chinese build's configuration is the English one plus the overrides.

The Chinese build itself runs with warnings as errors in `make test`'s book stage, and the
browser tests open every Chinese page (tests/browser/test_pages.py).
"""

import collections
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import book_zh  # noqa: E402
import sphinx_language_switch  # noqa: E402
import translations  # noqa: E402

CATALOGS = translations.all_catalogs()


Templates = collections.namedtuple("Templates", "pages raw")


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    """The message templates built now: ``pages`` ({page: cleaned .pot}) and ``raw`` (the folder
    of the gettext builder's own .pot files, docstrings included)."""
    work = tmp_path_factory.mktemp("gettext")
    cleaned = work / "templates"
    raw = translations.build_templates(work / "build")
    translations.clean_templates(raw, cleaned)
    pages = {str(p.relative_to(cleaned).with_suffix("")): p for p in sorted(cleaned.rglob("*.pot"))}
    return Templates(pages, raw)


def test_every_page_has_a_catalog_and_no_catalog_is_left_over(templates):
    assert sorted(CATALOGS) == sorted(templates.pages)
    assert len(CATALOGS) > 30


def test_the_catalogs_hold_exactly_the_messages_of_the_english_pages(templates):
    stale = {}
    for page, template in templates.pages.items():
        new, gone = translations.stale_entries(CATALOGS[page], template)
        if new or gone:
            stale[page] = {"new in English": new[:3], "gone from English": gone[:3]}
    assert not stale, f"run `make translations`, then translate: {stale}"


def test_the_api_reference_template_leaves_out_docstrings_but_keeps_the_page(templates):
    api = translations.catalog_entries(templates.pages["chapters/appendix/api_reference"])
    raw = translations.catalog_entries(templates.raw / "chapters/appendix/api_reference.pot")
    assert "nnlib API reference" in api
    docstrings = set(raw) - set(api)
    # nnlib's docstrings give Sphinx over a thousand messages; none of them is to translate.
    assert len(docstrings) > 1000 and len(api) < 100, (len(docstrings), len(api))


@pytest.mark.parametrize("page", sorted(CATALOGS))
def test_every_entry_is_translated_and_keeps_its_markup(page):
    assert translations.catalog_entries(CATALOGS[page]), f"{page}: an empty catalog"
    problems = translations.catalog_problems(CATALOGS[page])
    assert not problems, f"{page}:\n" + "\n".join(problems)


def test_the_catalogs_hold_thousands_of_entries():
    total = sum(len(translations.catalog_entries(path)) for path in CATALOGS.values())
    assert total > 2000


# --- the checks themselves, on known good and bad translations ------------------------------
@pytest.mark.parametrize("msgid, msgstr", [
    ("A {term}`neuron` has $n$ inputs.", "一个{term}`神经元 <neuron>`有 $n$ 个输入。"),
    ("Call `model.fit` ({cite}`kingma2014adam`).", "调用 `model.fit`（{cite}`kingma2014adam`）。"),
    ("See [the FAQ](faq.ipynb) and {doc}`../3_math/backpropagation`.",
     "见[常见问题](faq.ipynb)和 {doc}`../3_math/backpropagation`。"),
    ("**Learning goals.** After this chapter:", "**学习目标**。完成本章后："),
    ("The loss is {glue:text}`loss:.3f`.", "损失为 {glue:text}`digits.ipynb::loss:.3f`。"),
])
def test_a_faithful_translation_passes(msgid, msgstr):
    assert translations.check_entry(msgid, msgstr) == []


@pytest.mark.parametrize("msgid, msgstr, complaint", [
    ("A {term}`neuron` fires.", "一个{term}`神经元`激活。", "roles"),
    ("With $n$ inputs.", "有 $m$ 个输入。", "math"),
    ("Call `fit`.", "调用 fit。", "code spans"),
    ("See [the FAQ](faq.ipynb).", "见[常见问题](faq.html)。", "link targets"),
    ("**Learning goals.** After this chapter:", "**学习目标。**完成本章后：", "<strong>"),
    ("The loss is {glue:text}`loss:.3f`.", "损失为 0.123。", "roles"),
])
def test_a_translation_that_loses_markup_is_caught(msgid, msgstr, complaint):
    problems = translations.check_entry(msgid, msgstr)
    assert any(complaint in p for p in problems), problems


def test_qualify_glue_names_the_notebook_and_keeps_the_format():
    text = "{glue:text}`a` 与 {glue:text}`b:.2f` 与 {glue:text}`x.ipynb::c:s`"
    assert translations.qualify_glue(text, "chapters/4_code/digits") == (
        "{glue:text}`digits.ipynb::a:s` 与 {glue:text}`digits.ipynb::b:.2f` 与 {glue:text}`x.ipynb::c:s`")
    assert translations.unqualified_glue(text) == ["a", "b:.2f"]


# --- the Chinese build's configuration and the language switch -----------------------------
def test_the_chinese_configuration_is_the_english_one_plus_the_overrides():
    config = book_zh.chinese_config()
    english = book_zh.yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["sphinx"]["config"]["language"] == "zh_CN"
    assert config["title"] != english["title"]
    assert config["parse"] == english["parse"]
    assert config["sphinx"]["config"]["mathjax_path"] == english["sphinx"]["config"]["mathjax_path"]
    assert config["sphinx"]["config"]["locale_dirs"] == ["locale"]
    for name, folder in config["sphinx"]["local_extensions"].items():
        assert pathlib.Path(folder).is_absolute() and (pathlib.Path(folder) / f"{name}.py").exists()


def test_merged_merges_nested_settings_and_replaces_the_rest():
    base = {"a": 1, "b": {"c": 2, "d": 3}, "e": [1]}
    assert book_zh.merged(base, {"b": {"c": 20}, "e": [2]}) == {"a": 1, "b": {"c": 20, "d": 3}, "e": [2]}
    assert base == {"a": 1, "b": {"c": 2, "d": 3}, "e": [1]}


@pytest.mark.parametrize("pagename, chinese, url", [
    ("intro", False, "zh/intro.html"),
    ("intro", True, "../intro.html"),
    ("chapters/3_math/backpropagation", False, "../../zh/chapters/3_math/backpropagation.html"),
    ("chapters/3_math/backpropagation", True, "../../../chapters/3_math/backpropagation.html"),
])
def test_the_language_switch_points_at_the_same_page(pagename, chinese, url):
    assert sphinx_language_switch.counterpart_url(pagename, chinese) == url
    assert sphinx_language_switch.is_chinese("zh_CN") and not sphinx_language_switch.is_chinese(None)


def test_entry_problems_names_fuzzy_untranslated_and_unqualified_entries():
    assert translations.entry_problems("Hello.", "你好。", fuzzy=True)[0].startswith("fuzzy")
    assert translations.entry_problems("Hello.", "", fuzzy=False) == ["untranslated"]
    assert any("glue" in p for p in translations.entry_problems(
        "It is {glue:text}`n`.", "它是 {glue:text}`n`。", fuzzy=False))
    assert translations.entry_problems(
        "It is {glue:text}`n`.", "它是 {glue:text}`digits.ipynb::n:s`。", fuzzy=False) == []
