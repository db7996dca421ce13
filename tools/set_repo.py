"""Point the course at another repository (a fork): `make set-repo URL=... [BRANCH=...]`.

The repository URL and branch live in ONE place, the ``repository:`` block of _config.yml.
This script reads the current values there and rewrites every copy of them:

- _config.yml (``url:`` and ``branch:``),
- README.md and CONTRIBUTING.md (badges and links: ``github.com/OWNER/REPO``,
  Colab's ``github/OWNER/REPO/blob/BRANCH``, Binder's ``gh/OWNER/REPO/BRANCH``),
- the setup cell of every notebook in chapters/ (``git+URL@BRANCH``),
- nnlib/course/notebook_setup.py (``REPOSITORY_URL`` and ``REPOSITORY_BRANCH``).

It only uses the standard library, so it runs before the virtual environment exists.
Usage: python tools/set_repo.py https://github.com/you/your-fork [--branch main] [--root .]
"""

import argparse
import pathlib
import re
import sys

URL_PATTERN = re.compile(r"^https://github\.com/([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+?)(?:\.git)?/?$")
BRANCH_PATTERN = re.compile(r"^[A-Za-z0-9_./-]+$")


def read_repository(config_text):
    """Return (url, branch) from the ``repository:`` block of _config.yml."""
    block = re.search(r"^repository:\n((?:[ \t]+.*\n?)+)", config_text, flags=re.MULTILINE)
    if not block:
        raise SystemExit("error: _config.yml has no 'repository:' block.")
    url = re.search(r"^\s+url:\s*(\S+)", block.group(1), flags=re.MULTILINE)
    branch = re.search(r"^\s+branch:\s*(\S+)", block.group(1), flags=re.MULTILINE)
    if not url or not branch:
        raise SystemExit("error: the 'repository:' block of _config.yml needs 'url:' and 'branch:'.")
    return url.group(1), branch.group(1)


def slug_of(url):
    """Return 'OWNER/REPO' of a GitHub URL, or exit with a clear message."""
    match = URL_PATTERN.match(url)
    if not match:
        raise SystemExit(
            f"error: expected a GitHub repository URL like https://github.com/OWNER/REPO, got {url!r}. "
            "(Colab and Binder launch buttons need a GitHub repository.)"
        )
    return match.group(1)


def files_to_update(root):
    """Every file that may hold a copy of the repository URL."""
    names = ["_config.yml", "README.md", "CONTRIBUTING.md", "intro.md", "nnlib/course/notebook_setup.py"]
    files = [root / name for name in names if (root / name).exists()]
    files += sorted(p for p in (root / "chapters").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    files += sorted((root / "chapters").rglob("*.md"))
    return files


def rewrite(text, old_slug, old_branch, new_slug, new_branch):
    """Return ``text`` with every form of the old repository replaced by the new one."""
    pairs = [
        # Branch-qualified forms first, so the branch changes with the slug.
        (f"git+https://github.com/{old_slug}@{old_branch}", f"git+https://github.com/{new_slug}@{new_branch}"),
        (f"github/{old_slug}/blob/{old_branch}/", f"github/{new_slug}/blob/{new_branch}/"),
        (f"gh/{old_slug}/{old_branch}", f"gh/{new_slug}/{new_branch}"),
        (f"github.com/{old_slug}/blob/{old_branch}/", f"github.com/{new_slug}/blob/{new_branch}/"),
        (f"github.com/{old_slug}/tree/{old_branch}", f"github.com/{new_slug}/tree/{new_branch}"),
        (f"REPOSITORY_BRANCH = \"{old_branch}\"", f"REPOSITORY_BRANCH = \"{new_branch}\""),
        (f"github.com/{old_slug}", f"github.com/{new_slug}"),
    ]
    for old, new in pairs:
        text = text.replace(old, new)
    return text


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="the new repository, https://github.com/OWNER/REPO")
    parser.add_argument("--branch", default=None, help="the branch notebooks install nnlib from (default: keep)")
    parser.add_argument("--root", default=".", help="the repository root (default: .)")
    args = parser.parse_args(argv)

    root = pathlib.Path(args.root)
    config_path = root / "_config.yml"
    config = config_path.read_text(encoding="utf-8")
    old_url, old_branch = read_repository(config)
    old_slug, new_slug = slug_of(old_url), slug_of(args.url)
    new_branch = args.branch or old_branch
    if not BRANCH_PATTERN.match(new_branch):
        raise SystemExit(f"error: {new_branch!r} is not a branch name.")

    # _config.yml: the url and branch lines of the repository block.
    block = re.search(r"^repository:\n((?:[ \t]+.*\n?)+)", config, flags=re.MULTILINE)
    new_block = re.sub(r"^(\s+url:\s*)\S+", rf"\g<1>https://github.com/{new_slug}", block.group(1), flags=re.MULTILINE)
    new_block = re.sub(r"^(\s+branch:\s*)\S+", rf"\g<1>{new_branch}", new_block, flags=re.MULTILINE)
    config_path.write_text(config[: block.start(1)] + new_block + config[block.end(1):], encoding="utf-8")

    changed = ["_config.yml"]
    for path in files_to_update(root):
        if path == config_path:
            continue
        text = path.read_text(encoding="utf-8")
        new_text = rewrite(text, old_slug, old_branch, new_slug, new_branch)
        if new_text != text:
            path.write_text(new_text, encoding="utf-8")
            changed.append(str(path.relative_to(root)))

    leftovers = [str(p.relative_to(root)) for p in files_to_update(root) if old_slug in p.read_text(encoding="utf-8")]
    print(f"Repository: https://github.com/{old_slug} ({old_branch}) -> https://github.com/{new_slug} ({new_branch})")
    print("Updated: " + ", ".join(changed))
    if leftovers and old_slug != new_slug:
        print("error: the old repository is still named in: " + ", ".join(leftovers), file=sys.stderr)
        return 1
    print("Rebuild the site (make book); the notebooks' stored outputs are unchanged.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
