"""The layer contract (pyproject.toml, [tool.importlinter]) holds, and `make lint` would catch an import against it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["lowmilk", "website", "backups", "demo", "articles", "consultants", "references", "pages", "editorial"]
PACKAGES += ["pagecache", "core"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(cwd):
    return subprocess.run(  # noqa: S603 - our own tool on our own tree
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture
def tree_copy(tmp_path):
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__", "migrations"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_tree_keeps_its_layers():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("module", "import_line"),
    [
        ("core/markdown.py", "import articles.models"),  # the bottom layer importing a content app
        ("references/models.py", "from articles import citations"),  # the library importing the articles above it
        ("editorial/history.py", "import consultants.models"),  # a cross-cutting app listing a content app
        ("articles/models.py", "import website.navigation"),  # a content app importing the website layer
    ],
)
def test_an_upward_import_breaks_the_lint(tree_copy, module, import_line):
    path = tree_copy / module
    path.write_text(path.read_text() + f"\n{import_line}  # noqa\n")

    result = lint_imports(tree_copy)

    assert result.returncode == 1
    assert "BROKEN" in result.stdout
