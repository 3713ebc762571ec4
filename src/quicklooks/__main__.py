"""`python -m quicklooks` runs the `quicklooks` command."""

from quicklooks.cli import main

main(prog_name="quicklooks")
