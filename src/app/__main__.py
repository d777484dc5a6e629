"""`python -m app` behaves like `dangjian`."""

import sys

from app.cli import main

sys.exit(main())
