"""Qt widgets, dialogs and item models. Talks to models.services; never to the database."""

from ui import qt_refcount_guard

qt_refcount_guard.apply()
