"""`python -m refcheck`."""

from refcheck.cli import main

if __name__ == "__main__":
    main()
