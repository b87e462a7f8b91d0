"""Start Ralph's LRS API (as ``ralph runserver -b fs`` does) for the tests, run by Ralph's
own Python: ``python ralph_server.py HOST PORT DIRECTORY``.

Two corrections to Ralph 5's file-system LRS backend (its development backend; the
Elasticsearch, MongoDB and ClickHouse backends an organisation runs do not have these):
- it writes with the "create" operation, which refuses a file that exists, so every POST
  after the first one fails with HTTP 500 ("already exists and overwrite is not allowed");
  a store of statements appends;
- the API turns a ``verb`` query into an IRI object, which the file backend compares with
  the plain string in each statement, so ``?verb=…`` never matches; it compares strings.
Uvicorn runs without the reloader (nothing here changes while the tests run).
"""

import os
import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND
_by_verb = FSLRSBackend._add_filter_by_verb
FSLRSBackend._add_filter_by_verb = staticmethod(  # type: ignore[method-assign]
    lambda filters, verb_id: _by_verb(filters, str(verb_id) if verb_id else verb_id)
)

host, port, directory = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.environ["RALPH_RUNSERVER_BACKEND"] = "fs"
os.environ["RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH"] = directory
uvicorn.run("ralph.api:app", host=host, port=port, log_level="warning")
