"""``python -m dap_reports`` runs the command line, for machines where the ``dap-reports`` script is not on PATH."""

from .cli import main

if __name__ == "__main__":  # not when a worker process imports this module again
    main()
