#!/usr/bin/env bash
# Install what the tests need, then run the linters and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
python3 -m ruff check .
python3 -m ruff format --check .
export SDL_AUDIODRIVER=dummy SDL_VIDEODRIVER=dummy
python3 -m pytest -q "$@"
