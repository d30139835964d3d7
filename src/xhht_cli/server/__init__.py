"""The local page (`xhht serve`): a web server on 127.0.0.1 for officers who never open a terminal.

It sits on the top tier beside `cli/`: only `cli/serve.py` imports it. `sessions` keeps each officer's uploaded
files in an owner-only temporary folder; `app` is the Starlette application (token and Host checks, uploads,
the run, downloads); `jobs` runs the library (`run`, `trend`) in a worker thread with progress.
"""
