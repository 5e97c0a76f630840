"""Run the command line with ``python -m facilitate``."""

from facilitate.cli.entry import main

if __name__ == "__main__":
    main()
