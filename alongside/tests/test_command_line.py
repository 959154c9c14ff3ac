"""`alongside <command>` outside the demo: a missing setting is said plainly, not as a traceback."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_missing_secret_key_is_said_in_one_line_and_the_command_fails() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("ALONGSIDE_DEBUG", "DJANGO_SECRET_KEY")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "-m", "alongside", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "DJANGO_SECRET_KEY is not set" in done.stderr
    assert "Traceback" not in done.stderr
