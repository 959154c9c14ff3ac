from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def data_dir(settings: Any, tmp_path: Path) -> Path:
    """Progress files go to a folder of the test's own, not the site's data folder."""
    settings.DATA_DIR = tmp_path
    return tmp_path
