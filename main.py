"""Start Clear Choice 清风抉择: `python main.py --help` lists the commands."""

import sys

from game.cli import main

if __name__ == "__main__":
    sys.exit(main())
