"""`python -m tools.refresh [--only citations|code|drift] [--papers a,b] [--dry-run]`."""

from .run import main

raise SystemExit(main())
