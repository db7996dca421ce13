"""Build the Chinese edition into ``_build/html/zh/`` (run by tools/build_book.sh).

Jupyter Book 1 has no command-line option for the language, so this takes the route of a
second configuration file, made rather than kept: it reads ``_config.yml``, merges the few
Chinese settings of ``locale/zh_CN/config_overrides.yml`` into it (``language: zh_CN``, the
title, the footer, the search box), writes the result to ``_build/zh-config/_config.yml`` and
runs ``jupyter-book build --config`` with it. Only the overrides are written by hand, so
every other setting (pages, extensions, MathJax, theme) is the English edition's, and a
change to ``_config.yml`` reaches both editions. (The other known route, ``jupyter-book
config sphinx`` and then ``sphinx-build -D language=zh_CN``, would leave a generated
``conf.py`` in the repository that Jupyter Book then prefers over ``_config.yml``.)

With ``language = zh_CN``, Sphinx replaces every translated message of a page with its
``msgstr`` from ``locale/zh_CN/LC_MESSAGES/<page>.po`` (tools/translations.py) and the
theme's own words with its Chinese ones.

Usage: ``python tools/book_zh.py [jupyter-book build options, e.g. -W -n --keep-going]``
"""

import pathlib
import shutil
import subprocess
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
OVERRIDES = ROOT / "locale" / "zh_CN" / "config_overrides.yml"
WORK = ROOT / "_build" / "zh-config"
OUTPUT = ROOT / "_build" / "html" / "zh"


def merged(base, overrides):
    """``base`` with ``overrides`` merged in: nested dicts merge, anything else replaces."""
    result = dict(base)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = value
    return result


def chinese_config():
    """The Chinese edition's configuration, as a dict."""
    english = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config = merged(english, yaml.safe_load(OVERRIDES.read_text(encoding="utf-8")))
    # Jupyter Book finds local extensions relative to the configuration file, which now
    # lives in _build/zh-config/: name their folders absolutely.
    extensions = config["sphinx"].get("local_extensions") or {}
    config["sphinx"]["local_extensions"] = {name: str(ROOT / folder)
                                            for name, folder in extensions.items()}
    return config


def build(options):
    """Write the configuration, build into ``_build/zh-config``, move the site to ``OUTPUT``."""
    WORK.mkdir(parents=True, exist_ok=True)
    config = WORK / "_config.yml"
    config.write_text(yaml.safe_dump(chinese_config(), allow_unicode=True, sort_keys=False),
                      encoding="utf-8")
    command = [str(pathlib.Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT),
               "--config", str(config), "--path-output", str(WORK), *options]
    status = subprocess.run(command, cwd=ROOT).returncode
    site = WORK / "_build" / "html"
    if (site / "index.html").exists():
        shutil.rmtree(OUTPUT, ignore_errors=True)
        shutil.copytree(site, OUTPUT)
        print(f"The Chinese edition is in {OUTPUT.relative_to(ROOT)}")
    return status


if __name__ == "__main__":
    sys.exit(build(sys.argv[1:]))
